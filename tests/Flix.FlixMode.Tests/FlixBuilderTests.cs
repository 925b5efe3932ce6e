using System.Text;
using Flix.Core;
using Flix.Core.Tree;
using Flix.Elf;
using Flix.FlixMode;
using Flix.Sysext;
using Flix.Sysext.Entries;
using static Flix.FlixMode.Tests.ImageTrees;
using static Flix.TestSupport.Trees.HostTrees;
using Flix.Sysext.ElfFiles;

namespace Flix.FlixMode.Tests;

/// <summary>The builder on a small image made of this machine's own (Debian 12) ls, its libraries and loader.</summary>
public sealed class FlixBuilderTests
{
    private const string Multiarch = "/usr/lib/x86_64-linux-gnu";
    private const string Sysroot = "/usr/local/demo";

    /// <summary>A merged-/usr Debian-like image with /usr/bin/ls and what it needs (unless left out).</summary>
    private static FileTree Image(params string[] leftOut) => HostLsImage(leftOut);

    private static Task<FlixResult> BuildAsync(FileTree image, params string[] paths) =>
        FlixBuilder.BuildAsync(image, new FlixOptions { Name = "demo", Entries = paths.Select(EntryPoint.Parse).ToList() });

    private static ElfFile Elf(FileTree tree, string path) =>
        ElfFile.Parse(ElfNodeReader.ReadAllBytes(tree.Find(path) ?? throw new InvalidOperationException($"{path} is missing")), path);

    [Fact]
    public async Task Programs_and_libraries_are_patched_to_the_private_sysroot()
    {
        var result = await BuildAsync(Image(), "/usr/bin/ls", "/usr/sbin/ls-admin");

        var ls = Elf(result.Tree, "usr/bin/ls");
        Assert.Equal(Sysroot + "/lib/ld-linux-x86-64.so.2", ls.Interpreter);
        Assert.Equal(Sysroot + "/lib", ls.RunPath);
        Assert.NotEqual(0UL, ls.Flags1 & ElfFile.NoDefaultLibFlag);
        Assert.NotNull(result.Tree.Find("usr/bin/ls-admin"));
        Assert.Null(result.Tree.Find("usr/sbin"));
        foreach (var library in new[] { "libc.so.6", "libselinux.so.1", "libpcre2-8.so.0", "libgcc_s.so.1" })
        {
            var elf = Elf(result.Tree, $"{Sysroot[1..]}/lib/{library}");
            Assert.Equal(Sysroot + "/lib", elf.RunPath);
            Assert.NotEqual(0UL, elf.Flags1 & ElfFile.NoDefaultLibFlag);
        }

        var loader = ElfNodeReader.ReadAllBytes(result.Tree.Find($"{Sysroot[1..]}/lib/ld-linux-x86-64.so.2")!);
        Assert.Equal(1, SameLengthStringPatcher.Count(loader, "/dev/null/.cache"));
        Assert.Equal(0, SameLengthStringPatcher.Count(loader, "/etc/ld.so.cache"));
        Assert.Equal(0, SameLengthStringPatcher.Count(loader, "/etc/ld.so.preload"));
        Assert.Equal(LoaderFlavor.Glibc, result.Loader!.Flavor);
        Assert.DoesNotContain(result.Diagnostics, d => d.IsError);
    }

    [Fact]
    public async Task The_same_image_gives_the_same_tree_byte_for_byte()
    {
        var first = await BuildAsync(Image(), "/usr/bin/ls", "/usr/bin/dir");
        var second = await BuildAsync(Image(), "/usr/bin/dir", "/usr/bin/ls");

        var firstFiles = first.Tree.Walk().ToList();
        Assert.Equal(firstFiles.Select(f => f.Path), second.Tree.Walk().Select(f => f.Path));
        foreach (var (path, node) in firstFiles.Where(f => f.Node.Kind == EntryKind.RegularFile))
        {
            Assert.True(ElfNodeReader.ReadAllBytes(node).AsSpan().SequenceEqual(ElfNodeReader.ReadAllBytes(second.Tree.Find(path)!)), path);
        }
    }

    [Fact]
    public async Task A_symlinked_entry_keeps_its_link_to_the_copied_file()
    {
        var result = await BuildAsync(Image(), "/usr/bin/dir");

        Assert.Equal("ls", result.Tree.Find("usr/bin/dir")!.LinkTarget);
        Assert.Equal(Sysroot + "/lib/ld-linux-x86-64.so.2", Elf(result.Tree, "usr/bin/ls").Interpreter);
    }

    [Fact]
    public async Task A_library_missing_from_the_image_is_an_error_naming_file_and_library()
    {
        var e = await Assert.ThrowsAsync<SysextLayoutException>(() => BuildAsync(Image("libpcre2-8.so.0"), "/usr/bin/ls"));

        var diagnostic = Assert.Single(e.Diagnostics);
        Assert.Equal(DiagnosticIds.UnresolvedInImage, diagnostic.Id);
        Assert.Contains("libpcre2-8.so.0", diagnostic.Message);
        Assert.Equal(Sysroot + "/lib/libselinux.so.1", diagnostic.Path);
    }

    [Fact]
    public async Task Folders_are_copied_whole_and_scripts_with_an_image_interpreter_warned_about()
    {
        var result = await BuildAsync(Image(), "/usr/share/demo", "/usr/bin/script");

        Assert.Equal("data", Encoding.UTF8.GetString(ElfNodeReader.ReadAllBytes(result.Tree.Find("usr/share/demo/data.txt")!)));
        Assert.Null(result.Loader);
        Assert.Contains(result.Warnings, w => w.Contains("/usr/bin/python3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Extra_libraries_by_path_or_name_come_with_their_dependencies()
    {
        var image = Image();
        image.Add("usr/lib/plugins/libplugin.so", HostFile("/lib/x86_64-linux-gnu/libpcre2-8.so.0"));
        var options = new FlixOptions
        {
            Name = "demo",
            Entries = [EntryPoint.Parse("/usr/bin/ls")],
            ExtraLibraries = ["/usr/lib/plugins/libplugin.so", "libgcc_s.so.1"],
            AutoLibraries = false,
        };

        var result = await FlixBuilder.BuildAsync(image, options);

        Assert.Equal("/usr/lib/plugins/libplugin.so", result.Libraries["libplugin.so"]);
        Assert.Equal(Multiarch + "/libgcc_s.so.1", result.Libraries["libgcc_s.so.1"]);
        Assert.Equal(Sysroot + "/lib", Elf(result.Tree, $"{Sysroot[1..]}/lib/libplugin.so").RunPath);
        Assert.Null(result.GconvDirectory);
    }

    [Fact]
    public async Task An_extra_library_missing_from_the_image_is_an_error_naming_it()
    {
        var options = new FlixOptions { Name = "demo", Entries = [EntryPoint.Parse("/usr/bin/ls")], ExtraLibraries = ["libnope.so.9"] };

        var e = await Assert.ThrowsAsync<FlixException>(() => FlixBuilder.BuildAsync(Image(), options));
        Assert.Contains("libnope.so.9", e.Message);
    }

    [Fact]
    public async Task A_static_pie_program_is_copied_as_it_is()
    {
        // Debian 12's ldconfig is static-pie: PT_DYNAMIC for its own relocation, no interpreter, no dependencies.
        var image = Image();
        image.Add("usr/sbin/ldconfig", HostFile("/sbin/ldconfig"));

        var result = await BuildAsync(image, "/usr/bin/ls", "/usr/sbin/ldconfig");

        Assert.Contains("/usr/bin/ldconfig", result.UnpatchedElfFiles);
        Assert.Same(image.Find("usr/sbin/ldconfig"), result.Tree.Find("usr/bin/ldconfig"));
        Assert.DoesNotContain("/usr/bin/ldconfig", result.PatchedFiles);
    }

    [Fact]
    public async Task Static_programs_alone_need_no_loader()
    {
        var image = Image();
        image.Add("usr/sbin/ldconfig", HostFile("/sbin/ldconfig"));

        var result = await BuildAsync(image, "/usr/sbin/ldconfig");

        Assert.Null(result.Loader);
        Assert.Equal(["/usr/bin/ldconfig"], result.UnpatchedElfFiles);
        Assert.Null(result.Tree.Find(Sysroot[1..]));
    }

    [Fact]
    public async Task A_missing_entry_is_an_error()
    {
        var e = await Assert.ThrowsAsync<FlixException>(() => BuildAsync(Image(), "/usr/bin/nope"));
        Assert.Contains("/usr/bin/nope", e.Message);
    }

    [Theory]
    // outside /usr and /opt
    [InlineData("/etc/demo")]
    // its lib folder would be one of the host's library folders (Flatcar's ld.so.conf lists /usr/local/lib)
    [InlineData("/usr/local")]
    [InlineData("/usr/local/")]
    // sbin must not be shipped
    [InlineData("/usr/sbin/demo")]
    public void An_unusable_sysroot_is_refused(string sysroot)
    {
        var options = new FlixOptions { Name = "demo", Sysroot = sysroot };
        Assert.Contains(options.Validate(), p => p.Contains(sysroot, StringComparison.Ordinal));
    }
}
