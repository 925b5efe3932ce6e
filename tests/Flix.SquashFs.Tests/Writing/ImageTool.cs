using Flix.Core.Tree;
using Flix.TestSupport.Files;
using Flix.TestSupport.Processes;

namespace Flix.SquashFs.Tests.Writing;

/// <summary>Writes trees to images in a temp folder and looks at them with unsquashfs and the kernel.</summary>
internal static class ImageTool
{
    public static async Task<string> WriteAsync(TempDirectory directory, FileTree tree, SquashFsWriterOptions options, string name = "test.img")
    {
        string image = directory.Combine(name);
        await using var output = new FileStream(image, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        await SquashFsWriter.WriteAsync(tree, output, options);
        return image;
    }

    /// <summary>Extracts with unsquashfs -d and returns the folder.</summary>
    public static string Extract(TempDirectory directory, string image)
    {
        string output = directory.Combine("extract-" + Guid.NewGuid().ToString("N"));
        ProcessRunner.Output(null, "unsquashfs", "-no-progress", "-d", output, image);
        return output;
    }

    /// <summary>Mounts the image read-only in a private mount namespace and runs <paramref name="script"/> inside the mount.</summary>
    public static string RunMounted(TempDirectory directory, string image, string script, params string[] arguments)
    {
        HostTools.RequireRoot();
        string mountPoint = directory.Combine("mnt-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(mountPoint);
        string wrapped = "set -e\nmount -o loop,ro \"$1\" \"$2\"\ncd \"$2\"\nshift 2\n" + script;
        return ProcessRunner.Output(null, "unshare", ["-m", "sh", "-c", wrapped, "sh", image, mountPoint, .. arguments]);
    }
}
