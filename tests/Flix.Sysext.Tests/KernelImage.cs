using Flix.Core.Tree;
using Flix.Tests.Support;

namespace Flix.Sysext.Tests;

/// <summary>Reads an image the way the host will: mounted by the kernel (in a private mount namespace), copied out with cp -a.</summary>
internal static class KernelImage
{
    public static FileTree Read(string image, string fileSystem, TemporaryDirectory temp)
    {
        RequireRoot.Check();
        ToolRunner.RequireTool("unshare", "util-linux");
        string mountPoint = temp.Combine("mnt-" + Path.GetFileName(image));
        string copy = temp.Combine("copy-" + Path.GetFileName(image));
        Directory.CreateDirectory(mountPoint);
        Directory.CreateDirectory(copy);
        ToolRunner.Run($"unshare -m sh -c 'mount -t {fileSystem} -o loop,ro \"{image}\" \"{mountPoint}\" && cp -a \"{mountPoint}/.\" \"{copy}/\"'");
        return DirectoryTreeReader.Read(copy);
    }
}
