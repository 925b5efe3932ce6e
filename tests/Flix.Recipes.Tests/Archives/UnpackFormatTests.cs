using Flix.Core.Tree;
using Flix.Recipes.Archives;
using Flix.Recipes.Model;
using Flix.TestSupport.Files;
using Flix.TestSupport.Processes;

namespace Flix.Recipes.Tests.Archives;

/// <summary>
/// Every format a recipe unpacks, made here by the real tools (tar with each compressor, zip, dpkg-deb, rpmbuild,
/// gzip): the format is told from the bytes, and files, modes, symbolic and hard links come out as packed.
/// </summary>
public sealed class UnpackFormatTests : IDisposable
{
    private const string Program = "#!/bin/sh\necho tool\n";
    private readonly TempDirectory _work = TempDirectory.Create("unpack");

    public static TheoryData<string, string, ArchiveFormat> TarFormats => new()
    {
        { "tool.tar", "-cf", ArchiveFormat.Tar },
        { "tool.tar.gz", "-czf", ArchiveFormat.TarGzip },
        { "tool.tar.xz", "-cJf", ArchiveFormat.TarXz },
        { "tool.tar.bz2", "-cjf", ArchiveFormat.TarBzip2 },
        { "tool.tar.zst", "--zstd -cf", ArchiveFormat.TarZstd },
    };

    [Theory]
    [MemberData(nameof(TarFormats))]
    public async Task Tar_archives_keep_files_modes_and_links(string name, string options, ArchiveFormat format)
    {
        var source = SourceTree();
        var archive = _work.Combine(name);
        await ProcessRunner.RunCheckedAsync("tar", [.. options.Split(' '), archive, "-C", source, "--owner=0", "--group=0", "tool-1.0"]);

        var (tree, found) = await UnpackAsync(archive, ArchiveFormat.Auto);

        Assert.Equal(format, found);
        AssertTool(tree, hardLinks: true);
    }

    [Fact]
    public async Task Zip_archives_keep_files_modes_and_links()
    {
        var source = SourceTree();
        var archive = _work.Combine("tool.zip");
        await ProcessRunner.RunCheckedAsync("sh", ["-c", $"cd '{source}' && zip -q -r -y '{archive}' tool-1.0"]);

        var (tree, found) = await UnpackAsync(archive, ArchiveFormat.Auto);

        Assert.Equal(ArchiveFormat.Zip, found);
        AssertTool(tree, hardLinks: false);
    }

    [Theory]
    [InlineData("xz")]
    [InlineData("gzip")]
    [InlineData("zstd")]
    [InlineData("none")]
    public async Task Deb_packages_give_their_data_payload(string compression)
    {
        var root = _work.CreateSubdirectory("deb");
        Directory.CreateDirectory(Path.Combine(root, "DEBIAN"));
        await File.WriteAllTextAsync(Path.Combine(root, "DEBIAN", "control"),
            "Package: tool\nVersion: 1.0\nArchitecture: amd64\nMaintainer: Flix <flix@example.org>\nDescription: a test tool\n");
        WriteProgram(Path.Combine(root, "usr", "bin", "tool"));
        File.CreateSymbolicLink(Path.Combine(root, "usr", "bin", "tool-alias"), "tool");
        var package = _work.Combine("tool_1.0_amd64.deb");
        await ProcessRunner.RunCheckedAsync("dpkg-deb", ["--root-owner-group", $"-Z{compression}", "--build", root, package]);

        var (tree, found) = await UnpackAsync(package, ArchiveFormat.Auto);

        Assert.Equal(ArchiveFormat.Deb, found);
        AssertProgram(tree, "usr/bin/tool");
        Assert.Equal("tool", tree.Find("usr/bin/tool-alias")?.LinkTarget);
        Assert.Null(tree.Find("DEBIAN"));
    }

    [Fact]
    public async Task Rpm_packages_give_their_cpio_payload()
    {
        var top = _work.CreateSubdirectory("rpm");
        var payload = _work.CreateSubdirectory("rpm-payload");
        WriteProgram(Path.Combine(payload, "tool"));
        var spec = Path.Combine(top, "tool.spec");
        await File.WriteAllTextAsync(spec, $$"""
            Name: tool
            Version: 1.0
            Release: 1
            Summary: a test tool
            License: MIT
            BuildArch: x86_64

            %description
            A test tool.

            %install
            mkdir -p %{buildroot}/usr/bin
            cp {{payload}}/tool %{buildroot}/usr/bin/tool
            ln -s tool %{buildroot}/usr/bin/tool-alias
            ln %{buildroot}/usr/bin/tool %{buildroot}/usr/bin/tool-hard

            %files
            %attr(0755,root,root) /usr/bin/tool
            %attr(0755,root,root) /usr/bin/tool-hard
            /usr/bin/tool-alias

            """);
        await ProcessRunner.RunCheckedAsync("rpmbuild", ["-bb", "--quiet", "--define", $"_topdir {top}", "--define", "__os_install_post %{nil}", "--define", "debug_package %{nil}", spec]);
        var package = Directory.EnumerateFiles(Path.Combine(top, "RPMS"), "*.rpm", SearchOption.AllDirectories).Single();

        var (tree, found) = await UnpackAsync(package, ArchiveFormat.Auto);

        Assert.Equal(ArchiveFormat.Rpm, found);
        AssertProgram(tree, "usr/bin/tool");
        Assert.Equal("tool", tree.Find("usr/bin/tool-alias")?.LinkTarget);
        Assert.Same(tree.Find("usr/bin/tool"), tree.Find("usr/bin/tool-hard"));
    }

    [Fact]
    public async Task A_plain_file_is_one_file_named_by_the_url()
    {
        var file = _work.Combine("tool");
        WriteProgram(file);

        var (tree, found) = await ArchiveUnpacker.UnpackAsync(file, ArchiveFormat.Auto, "tool-linux-amd64", "https://example.org/tool-linux-amd64", _work.Combine("scratch"), CancellationToken.None);

        Assert.Equal(ArchiveFormat.Binary, found);
        Assert.Equal(Program, await ReadAsync(tree.Find("tool-linux-amd64")!));
    }

    [Fact]
    public async Task A_gzip_compressed_file_is_one_file_without_its_gz()
    {
        var file = _work.Combine("tool");
        WriteProgram(file);
        await ProcessRunner.RunCheckedAsync("gzip", ["-k", file]);

        var (tree, found) = await ArchiveUnpacker.UnpackAsync(file + ".gz", ArchiveFormat.Auto, "tool.gz", "https://example.org/tool.gz", _work.Combine("scratch"), CancellationToken.None);
        var (named, _) = await ArchiveUnpacker.UnpackAsync(file + ".gz", ArchiveFormat.Gzip, "tool.gz", "https://example.org/tool.gz", _work.Combine("scratch2"), CancellationToken.None);

        Assert.Equal(ArchiveFormat.Gzip, found);
        Assert.Equal(Program, await ReadAsync(tree.Find("tool")!));
        Assert.Equal(Program, await ReadAsync(named.Find("tool")!));
    }

    [Fact]
    public async Task A_format_the_recipe_names_wrongly_is_a_clear_error()
    {
        var source = SourceTree();
        var archive = _work.Combine("tool.tar.gz");
        await ProcessRunner.RunCheckedAsync("tar", ["-czf", archive, "-C", source, "tool-1.0"]);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => UnpackAsync(archive, ArchiveFormat.TarZstd));

        Assert.Equal("https://example.org/archive: the recipe says tar.zst but the data is tar.gz.", error.Message);
    }

    [Fact]
    public async Task A_truncated_compressed_archive_is_a_clear_error()
    {
        var source = SourceTree();
        var archive = _work.Combine("tool.tar.xz");
        await ProcessRunner.RunCheckedAsync("tar", ["-cJf", archive, "-C", source, "tool-1.0"]);
        var bytes = await File.ReadAllBytesAsync(archive);
        await File.WriteAllBytesAsync(archive, bytes[..(bytes.Length - 20)]);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => UnpackAsync(archive, ArchiveFormat.Auto));

        Assert.StartsWith("https://example.org/archive: not a readable tar archive:", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    public void Dispose() => _work.Dispose();

    private Task<(FileTree Tree, ArchiveFormat Format)> UnpackAsync(string path, ArchiveFormat format) =>
        ArchiveUnpacker.UnpackAsync(path, format, Path.GetFileName(path), "https://example.org/archive", _work.Combine("scratch-" + Guid.NewGuid().ToString("N")), CancellationToken.None);

    /// <summary>tool-1.0/{bin/tool (0755), bin/tool-alias -> tool, bin/tool-hard (a hard link), share/README (0600)}.</summary>
    private string SourceTree()
    {
        var source = _work.CreateSubdirectory("src");
        var bin = Path.Combine(source, "tool-1.0", "bin");
        WriteProgram(Path.Combine(bin, "tool"));
        File.CreateSymbolicLink(Path.Combine(bin, "tool-alias"), "tool");
        ProcessRunner.Output(null, "ln", Path.Combine(bin, "tool"), Path.Combine(bin, "tool-hard"));
        var readme = Path.Combine(source, "tool-1.0", "share", "README");
        Directory.CreateDirectory(Path.GetDirectoryName(readme)!);
        File.WriteAllText(readme, "read me\n");
        File.SetUnixFileMode(readme, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return source;
    }

    private static void WriteProgram(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, Program);
        File.SetUnixFileMode(path, (UnixFileMode)0x1ED);
    }

    private static void AssertTool(FileTree tree, bool hardLinks)
    {
        AssertProgram(tree, "tool-1.0/bin/tool");
        Assert.Equal("tool", tree.Find("tool-1.0/bin/tool-alias")?.LinkTarget);
        var readme = tree.Find("tool-1.0/share/README")!;
        Assert.Equal(0x180u, readme.Mode & TreeNode.PermissionMask);
        if (hardLinks)
        {
            Assert.Same(tree.Find("tool-1.0/bin/tool"), tree.Find("tool-1.0/bin/tool-hard"));
        }
        else
        {
            AssertProgram(tree, "tool-1.0/bin/tool-hard");
        }
    }

    private static void AssertProgram(FileTree tree, string path)
    {
        var node = tree.Find(path);
        Assert.True(node is { Kind: EntryKind.RegularFile }, $"{path} is not a file in the unpacked tree.");
        Assert.Equal(0x1EDu, node.Mode & TreeNode.PermissionMask);
        Assert.Equal(Program, ReadAsync(node).GetAwaiter().GetResult());
    }

    private static async Task<string> ReadAsync(TreeNode node)
    {
        await using var stream = node.Content!.OpenRead();
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }
}
