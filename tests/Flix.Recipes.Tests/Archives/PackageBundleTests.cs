using System.Text;
using Flix.Core.Tree;
using Flix.Recipes.Archives;
using Flix.Recipes.Model;
using Flix.Recipes.Schema;
using Flix.Recipes.Tests.Upstream;
using Flix.TestSupport.Files;
using Flix.TestSupport.Processes;

namespace Flix.Recipes.Tests.Archives;

/// <summary>
/// An artifact's <c>packages:</c>: a release tarball of real .deb (dpkg-deb) and .rpm (rpmbuild) packages, the ones its
/// globs name unpacked and merged; a glob matching nothing, two packages shipping one path differently, an entry that
/// is no package and a package escaping its root are each one clear error; and the key's mistakes are named by line.
/// </summary>
public sealed class PackageBundleTests : IDisposable
{
    private const string Source = "https://example.org/bundle.tar.gz";
    private readonly TempDirectory _work = TempDirectory.Create("bundle");

    [Fact]
    public async Task The_named_deb_and_rpm_packages_merge_and_the_others_stay_out()
    {
        var bundle = Bundle(new Dictionary<string, byte[]>
        {
            ["release/pkgs/tool_1.0-1_amd64.deb"] = Deb("tool", new() { ["usr/bin/tool"] = "#!/bin/sh\necho tool\n", ["usr/share/doc/common/NOTICE"] = "same\n" },
                new Dictionary<string, string> { ["usr/bin/tool-alias"] = "tool" }),
            ["release/pkgs/tool-dev_1.0-1_amd64.deb"] = Deb("tool-dev", new() { ["usr/include/tool.h"] = "/* */\n" }),
            ["release/rpms/libtool-1.0-1.x86_64.rpm"] = await RpmAsync(),
            ["release/README"] = Encoding.UTF8.GetBytes("read me\n"),
        });

        var merged = await UnpackAsync(bundle, "**/tool_*.deb", "release/rpms/*.rpm");

        Assert.Equal("#!/bin/sh\necho tool\n", await ReadAsync(merged, "usr/bin/tool"));
        Assert.Equal(0x1EDu, merged.Find("usr/bin/tool")!.Mode & TreeNode.PermissionMask);
        Assert.Equal("tool", merged.Find("usr/bin/tool-alias")?.LinkTarget);
        Assert.Equal("library\n", await ReadAsync(merged, "usr/lib64/libtool.so.1"));
        Assert.Equal("same\n", await ReadAsync(merged, "usr/share/doc/common/NOTICE"));
        Assert.Null(merged.Find("usr/include/tool.h"));
        Assert.Null(merged.Find("release"));
        Assert.Null(merged.Find("DEBIAN"));
    }

    [Fact]
    public async Task Packages_shipping_one_file_alike_merge()
    {
        var bundle = Bundle(new Dictionary<string, byte[]>
        {
            ["a_1.0_amd64.deb"] = Deb("a", new() { ["usr/share/doc/common/NOTICE"] = "same\n", ["usr/bin/a"] = "#!/bin/sh\n" }),
            ["b_1.0_amd64.deb"] = Deb("b", new() { ["usr/share/doc/common/NOTICE"] = "same\n", ["usr/bin/b"] = "#!/bin/sh\n" }),
        });

        var merged = await UnpackAsync(bundle, "*.deb");

        Assert.NotNull(merged.Find("usr/bin/a"));
        Assert.NotNull(merged.Find("usr/bin/b"));
        Assert.Equal("same\n", await ReadAsync(merged, "usr/share/doc/common/NOTICE"));
    }

    [Fact]
    public async Task A_glob_that_matches_no_package_names_the_artifact_and_the_glob()
    {
        var bundle = Bundle(new Dictionary<string, byte[]> { ["pkgs/a_1.0_amd64.deb"] = Deb("a", new() { ["usr/bin/a"] = "#!/bin/sh\n" }) });

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => UnpackAsync(bundle, "**/a_*.deb", "**/b_*.deb"));

        Assert.Equal($"artifacts[0].packages[1]: '**/b_*.deb' matches no package in {Source}; it holds pkgs/a_1.0_amd64.deb.", error.Message);
    }

    [Fact]
    public async Task Two_packages_shipping_one_path_differently_are_named_both()
    {
        var bundle = Bundle(new Dictionary<string, byte[]>
        {
            ["pkgs/a_1.0_amd64.deb"] = Deb("a", new() { ["usr/bin/tool"] = "#!/bin/sh\necho a\n" }),
            ["pkgs/b_1.0_amd64.deb"] = Deb("b", new() { ["usr/bin/tool"] = "#!/bin/sh\necho b\n" }),
        });

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => UnpackAsync(bundle, "pkgs/*.deb"));

        Assert.Equal($"pkgs/b_1.0_amd64.deb in {Source} and pkgs/a_1.0_amd64.deb in {Source} both ship 'usr/bin/tool', differently.", error.Message);
    }

    [Fact]
    public async Task An_entry_that_is_no_package_is_refused()
    {
        var bundle = Bundle(new Dictionary<string, byte[]> { ["pkgs/fake_1.0_amd64.deb"] = Encoding.UTF8.GetBytes("not a package\n") });

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => UnpackAsync(bundle, "pkgs/*.deb"));

        Assert.Equal($"artifacts[0].packages[0]: pkgs/fake_1.0_amd64.deb in {Source} is no .deb or .rpm package (the data is binary).", error.Message);
    }

    [Fact]
    public async Task A_package_whose_link_climbs_out_is_refused_as_any_archive_is()
    {
        var bundle = Bundle(new Dictionary<string, byte[]>
        {
            ["pkgs/evil_1.0_amd64.deb"] = Deb("evil", new() { ["usr/bin/evil"] = "#!/bin/sh\n" }, new Dictionary<string, string> { ["usr/lib/escape"] = "../../../etc/shadow" }),
        });

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => UnpackAsync(bundle, "pkgs/*.deb"));

        Assert.Equal($"pkgs/evil_1.0_amd64.deb in {Source}: the link 'usr/lib/escape' points to '../../../etc/shadow', above the archive's root.", error.Message);
    }

    [Theory]
    [InlineData("format: tar.gz\n    packages: []", "artifacts[0].packages", 12, "the list is empty")]
    [InlineData("format: tar.gz\n    packages: ['../x.deb']", "artifacts[0].packages[0]", 12, "is not a path pattern inside the archive")]
    [InlineData("format: tar.gz\n    packages:\n      - 'a.deb'\n      - '[x.deb'", "artifacts[0].packages[1]", 14, "is not closed")]
    [InlineData("format: deb\n    packages: ['*.deb']", "artifacts[0].packages", 12, "the artifact's format is deb")]
    public void A_bad_packages_key_is_named_with_its_line(string artifact, string key, int line, string message)
    {
        var text = $"name: demo\ndescription: A demo\narches:\n  x86-64: amd64\nversions:\n  fixed: [1.0.0]\nartifacts:\n  - url: https://example.org/demo.tar.gz\n    checksum:\n      file: '{{url}}.sha256'\n    {artifact}\n    install:\n      - from: usr/bin/*\n        to: /usr/bin/\n";
        var (document, lines) = RecipeDocumentReader.Read(text, "demo.yaml");

        var (recipe, problems) = RecipeValidator.Validate(document, lines, "demo.yaml", "test", "demo");

        Assert.Null(recipe);
        var problem = Assert.Single(problems);
        Assert.Equal(key, problem.Key);
        Assert.Equal(line, problem.Line);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_packages_key_reads_into_the_artifact()
    {
        var text = "name: demo\ndescription: A demo\narches:\n  x86-64: amd64\nversions:\n  fixed: [1.0.0]\nartifacts:\n  - url: https://example.org/demo.tar.gz\n    checksum:\n      file: '{url}.sha256'\n    packages: ['**/a_*.deb', '**/b_*.rpm']\n    install:\n      - from: usr/bin/*\n        to: /usr/bin/\n";
        var (document, lines) = RecipeDocumentReader.Read(text, "demo.yaml");

        var (recipe, problems) = RecipeValidator.Validate(document, lines, "demo.yaml", "test", "demo");

        Assert.Empty(problems);
        Assert.Equal(["**/a_*.deb", "**/b_*.rpm"], recipe!.Artifacts[0].Packages.Select(g => g.Pattern));
    }

    public void Dispose() => _work.Dispose();

    private static byte[] Deb(string name, Dictionary<string, string> files, IReadOnlyDictionary<string, string>? links = null) =>
        DebPackages.Build(name, "1.0-1", "amd64", files.ToDictionary(f => f.Key, f => Encoding.UTF8.GetBytes(f.Value)), links);

    private string Bundle(IReadOnlyDictionary<string, byte[]> entries)
    {
        var path = _work.Combine("bundle.tar.gz");
        File.WriteAllBytes(path, DebPackages.Tarball(entries));
        return path;
    }

    private async Task<FileTree> UnpackAsync(string bundle, params string[] globs)
    {
        var scratch = _work.Combine("scratch-" + Guid.NewGuid().ToString("N"));
        var (outer, _) = await ArchiveUnpacker.UnpackAsync(bundle, ArchiveFormat.TarGzip, "bundle.tar.gz", Source, scratch, CancellationToken.None);
        var parsed = globs.Select(g => Glob.TryParse(g, out _)!).ToList();
        return await PackageBundle.UnpackAsync(outer, parsed, "artifacts[0].packages", Source, Path.Combine(scratch, "packages"), CancellationToken.None);
    }

    /// <summary>An .rpm holding usr/lib64/libtool.so.1, built by rpmbuild.</summary>
    private async Task<byte[]> RpmAsync()
    {
        HostTools.Require("rpmbuild");
        var top = _work.CreateSubdirectory("rpm");
        var payload = _work.CreateSubdirectory("rpm-payload");
        await File.WriteAllTextAsync(Path.Combine(payload, "libtool.so.1"), "library\n");
        var spec = Path.Combine(top, "libtool.spec");
        await File.WriteAllTextAsync(spec, $$"""
            Name: libtool
            Version: 1.0
            Release: 1
            Summary: a test library
            License: MIT
            BuildArch: x86_64

            %description
            A test library.

            %install
            mkdir -p %{buildroot}/usr/lib64
            cp {{payload}}/libtool.so.1 %{buildroot}/usr/lib64/libtool.so.1

            %files
            %attr(0644,root,root) /usr/lib64/libtool.so.1

            """);
        await ProcessRunner.RunCheckedAsync("rpmbuild", ["-bb", "--quiet", "--define", $"_topdir {top}", "--define", "__os_install_post %{nil}", "--define", "debug_package %{nil}", spec]);
        return await File.ReadAllBytesAsync(Directory.EnumerateFiles(Path.Combine(top, "RPMS"), "*.rpm", SearchOption.AllDirectories).Single());
    }

    private static async Task<string> ReadAsync(FileTree tree, string path)
    {
        var node = tree.Find(path) ?? throw new InvalidOperationException($"{path} is missing from the merged payload.");
        await using var stream = node.Content!.OpenRead();
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }
}
