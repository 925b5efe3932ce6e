using Flix.Core.Tree;

namespace Flix.Install.Tests.Support;

/// <summary>A rootfs tar unpacked into a fresh temp folder (as root with its owners, or as nobody owning everything); removed on dispose.</summary>
public sealed class ExtractedTree : IDisposable
{
    private ExtractedTree(string folder)
    {
        Folder = folder;
        Root = Path.Combine(folder, "rootfs");
    }

    /// <summary>The temp folder holding <see cref="Root"/>.</summary>
    public string Folder { get; }

    public string Root { get; }

    public static async Task<ExtractedTree> AsRootAsync(string tar)
    {
        var tree = new ExtractedTree(Directory.CreateTempSubdirectory("flix-install-").FullName);
        Directory.CreateDirectory(tree.Root);
        (await Run.ProgramAsync("tar", ["--extract", "--file", tar, "--directory", tree.Root, "--numeric-owner", "--xattrs", "--xattrs-include=*"])).EnsureSuccess("tar");
        return tree;
    }

    /// <summary>Unpacked by the user nobody: every entry is nobody's (device nodes left out), as an unprivileged pull leaves it.</summary>
    public static async Task<ExtractedTree> AsNobodyAsync(string tar)
    {
        var tree = new ExtractedTree(Directory.CreateTempSubdirectory("flix-install-").FullName);
        File.SetUnixFileMode(tree.Folder, (UnixFileMode)0b111_101_101);
        Directory.CreateDirectory(tree.Root);
        (await Run.ProgramAsync("chown", ["65534:65534", tree.Root])).EnsureSuccess("chown");
        (await Run.ProgramAsync("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "tar", "--extract", "--file", tar, "--directory", tree.Root,
            "--no-same-owner", "--exclude=./dev/*"])).EnsureSuccess("tar as nobody");
        return tree;
    }

    public string PathOf(string relative) => Path.Combine(Root, relative.TrimStart('/'));

    public void Dispose() => TreeRemover.TryDelete(Folder);
}
