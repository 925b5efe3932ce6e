using Flix.Core.Tree;
using Flix.TestSupport.Files;
using Flix.TestSupport.Processes;

namespace Flix.Sysext.Tests;

/// <summary>Reads an image the way the host will: mounted by the kernel (in a private mount namespace), copied out with cp -a.</summary>
internal static class KernelImage
{
    public static FileTree Read(string image, string fileSystem, TempDirectory temp)
    {
        HostTools.RequireRoot();
        HostTools.Require("unshare");
        string mountPoint = temp.Combine("mnt-" + Path.GetFileName(image));
        string copy = temp.Combine("copy-" + Path.GetFileName(image));
        Directory.CreateDirectory(mountPoint);
        Directory.CreateDirectory(copy);
        ProcessRunner.Shell($"unshare -m sh -c 'mount -t {fileSystem} -o loop,ro \"{image}\" \"{mountPoint}\" && cp -a \"{mountPoint}/.\" \"{copy}/\"'");
        return DirectoryTreeReader.Read(copy);
    }
}
