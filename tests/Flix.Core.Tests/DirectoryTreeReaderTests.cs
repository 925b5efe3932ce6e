using Flix.Core.Tree;
using Flix.TestSupport.Files;
using Flix.TestSupport.Processes;
using Flix.TestSupport.Trees;

namespace Flix.Core.Tests;

public sealed class DirectoryTreeReaderTests
{
    [Fact]
    public void Reads_what_the_shell_made()
    {
        HostTools.RequireRoot();
        using var temp = new TempDirectory();
        string root = temp.Combine("tree");
        Run($"mkdir -p '{root}/usr/bin' && printf 'abc' > '{root}/usr/bin/tool' && chmod 4711 '{root}/usr/bin/tool' "
            + $"&& ln '{root}/usr/bin/tool' '{root}/usr/bin/tool2' && ln -s tool '{root}/usr/bin/link' "
            + $"&& mkfifo '{root}/usr/bin/pipe' && mknod '{root}/usr/bin/zero' c 1 5 && chown 3:4 '{root}/usr/bin/zero' "
            + $"&& setfattr -n user.k -v v '{root}/usr/bin/tool' && touch -h -d @1000 '{root}/usr/bin/link' && touch -d @2000 '{root}/usr/bin/tool'");

        var tree = DirectoryTreeReader.Read(root);

        var tool = tree.Find("usr/bin/tool")!;
        Assert.Equal((EntryKind.RegularFile, 0x9C9u, 3L, 2000L), (tool.Kind, tool.Mode, tool.Size, tool.ModificationTime));
        Assert.Equal("v", System.Text.Encoding.UTF8.GetString(tool.ExtendedAttributes["user.k"]));
        Assert.Same(tool, tree.Find("usr/bin/tool2"));
        var link = tree.Find("usr/bin/link")!;
        Assert.Equal((EntryKind.Symlink, "tool", 1000L), (link.Kind, link.LinkTarget, link.ModificationTime));
        Assert.Equal(EntryKind.Fifo, tree.Find("usr/bin/pipe")!.Kind);
        var zero = tree.Find("usr/bin/zero")!;
        Assert.Equal((EntryKind.CharacterDevice, 1u, 5u, 3u, 4u), (zero.Kind, zero.DeviceMajor, zero.DeviceMinor, zero.Uid, zero.Gid));
    }

    [Fact]
    public async Task Reading_a_materialized_tree_gives_the_model_back()
    {
        HostTools.RequireRoot();
        using var temp = new TempDirectory();
        var model = SampleTrees.Everything();
        await TreeMaterializer.MaterializeAsync(model, temp.Combine("tree"));

        var read = DirectoryTreeReader.Read(temp.Combine("tree"));

        TreeAssert.Equal(model, read);
        Assert.IsType<DiskFileContent>(read.Find("usr/share/flix/big.bin")!.Content);
    }

    [Fact]
    public void A_name_holding_U_FFFD_is_read()
    {
        using var temp = new TempDirectory();
        string root = temp.Combine("tree");
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "a\uFFFDb"), "x");

        var tree = DirectoryTreeReader.Read(root);

        Assert.Equal(1, tree.Find("a\uFFFDb")!.Size);
    }

    [Fact]
    public void A_name_that_is_not_UTF8_is_an_error_naming_it()
    {
        using var temp = new TempDirectory();
        string root = temp.Combine("tree");
        Run($"mkdir -p '{root}' && touch \"{root}/bad$(printf '\\377')name\"");

        var error = Assert.Throws<InvalidDataException>(() => DirectoryTreeReader.Read(root));
        Assert.Contains("not a valid UTF-8 name", error.Message);
        Assert.Contains("bad\uFFFDname", error.Message);
    }

    [Fact]
    public void A_missing_directory_is_an_error()
    {
        using var temp = new TempDirectory();
        Assert.ThrowsAny<IOException>(() => DirectoryTreeReader.Read(temp.Combine("missing")));
    }

    private static void Run(string script)
    {
        using var process = System.Diagnostics.Process.Start("sh", ["-c", script]);
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"fixture script failed: {script}");
    }
}
