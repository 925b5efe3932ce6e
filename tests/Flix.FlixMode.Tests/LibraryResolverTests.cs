using Flix.Core.Tree;
using Flix.FlixMode;
using static Flix.FlixMode.Tests.ImageTrees;
using static Flix.TestSupport.Trees.HostTrees;

namespace Flix.FlixMode.Tests;

public sealed class LibraryResolverTests
{
    private const string Name = "libz.so.1";

    /// <summary>The same library in every folder a lookup can reach, so that the order decides.</summary>
    private static FileTree Everywhere()
    {
        var tree = new FileTree();
        foreach (var folder in new[] { "rpath", "parent-rpath", "runpath", "conf", "usr/lib/x86_64-linux-gnu", "usr/lib", "opt/app/lib", "musl-path" })
        {
            tree.Add(folder + "/" + Name, Library());
        }

        tree.Add("lib", TreeNode.CreateSymlink("usr/lib"));
        tree.Add("opt/app/bin/prog", Text("program"));
        return tree;
    }

    private static string? Find(FileTree tree, ImageLoader loader, LibraryRequester requester) =>
        new LibraryResolver(tree, loader).Resolve(Name, requester)?.ImagePath;

    [Fact]
    public void The_rpath_chain_comes_first_when_the_requester_has_no_runpath()
    {
        var parent = new LibraryRequester("/usr/bin/prog", null, "/parent-rpath", false, null);
        var requester = new LibraryRequester("/usr/lib/libx.so", null, "/nowhere", false, parent);

        Assert.Equal("/parent-rpath/" + Name, Find(Everywhere(), DebianLoader(["/conf"]), requester));
    }

    [Fact]
    public void A_runpath_disables_the_rpath_chain()
    {
        var parent = new LibraryRequester("/usr/bin/prog", null, "/parent-rpath", false, null);
        var requester = new LibraryRequester("/usr/lib/libx.so", "/runpath", "/rpath", false, parent);

        Assert.Equal("/runpath/" + Name, Find(Everywhere(), DebianLoader(["/conf"]), requester));
    }

    [Fact]
    public void The_ld_so_conf_folders_come_before_the_default_folders()
    {
        var requester = new LibraryRequester("/usr/bin/prog", null, null, false, null);

        Assert.Equal("/conf/" + Name, Find(Everywhere(), DebianLoader(["/conf"]), requester));
        Assert.Equal("/usr/lib/x86_64-linux-gnu/" + Name, Find(Everywhere(), DebianLoader(), requester));
    }

    [Fact]
    public void Nodeflib_skips_the_default_folders()
    {
        var requester = new LibraryRequester("/usr/bin/prog", null, null, true, null);

        Assert.Null(Find(Everywhere(), DebianLoader(), requester));
    }

    [Theory]
    // $ORIGIN of a program in /opt/app/bin
    [InlineData("$ORIGIN/../lib", "/opt/app/lib/")]
    [InlineData("${ORIGIN}/../lib", "/opt/app/lib/")]
    // $LIB is Debian's multiarch folder
    [InlineData("/usr/$LIB", "/usr/lib/x86_64-linux-gnu/")]
    // $PLATFORM expands; the missing folder is skipped and the next element used
    [InlineData("/opt/$PLATFORM:/usr/${LIB}", "/usr/lib/x86_64-linux-gnu/")]
    // an unknown token drops its element only (glibc)
    [InlineData("/$UNKNOWN/x:$ORIGIN/../lib", "/opt/app/lib/")]
    public void Dynamic_string_tokens_are_expanded_at_build_time(string runPath, string expectedFolder)
    {
        var requester = new LibraryRequester("/opt/app/bin/prog", runPath, null, true, null);

        Assert.Equal(expectedFolder + Name, Find(Everywhere(), DebianLoader(), requester));
    }

    [Fact]
    public void A_candidate_of_another_machine_is_skipped()
    {
        var tree = Everywhere();
        tree.Add("runpath/" + Name, ForeignLibrary());
        var requester = new LibraryRequester("/usr/bin/prog", "/runpath:/rpath", null, false, null);

        Assert.Equal("/rpath/" + Name, Find(tree, DebianLoader(), requester));
    }

    [Fact]
    public void Links_in_a_search_folder_resolve_inside_the_image()
    {
        var tree = new FileTree();
        tree.Add("usr/lib/x86_64-linux-gnu/libz.so.1.3", Library());
        tree.Add("usr/lib/x86_64-linux-gnu/" + Name, TreeNode.CreateSymlink("/../../usr/lib/x86_64-linux-gnu/libz.so.1.3"));
        var requester = new LibraryRequester("/usr/bin/prog", null, null, false, null);

        var found = new LibraryResolver(tree, DebianLoader()).Resolve(Name, requester);

        Assert.NotNull(found);
        Assert.Equal("/usr/lib/x86_64-linux-gnu/libz.so.1.3", found.ImagePath);
        Assert.Equal("/usr/lib/x86_64-linux-gnu", found.SearchPath);
    }

    [Fact]
    public void A_link_loop_in_a_folder_is_skipped_like_eloop()
    {
        var tree = Everywhere();
        tree.Add("loop/" + Name, TreeNode.CreateSymlink("/loop/" + Name));
        var requester = new LibraryRequester("/usr/bin/prog", "/loop:/runpath", null, false, null);

        Assert.Equal("/runpath/" + Name, Find(tree, DebianLoader(), requester));
    }

    [Fact]
    public void Musl_searches_the_rpath_of_the_whole_chain_then_its_path_file()
    {
        var tree = Everywhere();
        var parent = new LibraryRequester("/usr/bin/prog", "/runpath", null, false, null);
        var requester = new LibraryRequester("/usr/lib/libx.so", "/nowhere", null, false, parent);
        var loader = MuslLoader(["/musl-path"]);

        Assert.Equal("/runpath/" + Name, Find(tree, loader, requester));
        Assert.Equal("/musl-path/" + Name, Find(tree, loader, new LibraryRequester("/usr/bin/prog", null, null, false, null)));
    }

    [Fact]
    public void Musl_drops_an_rpath_with_a_token_it_does_not_know()
    {
        var requester = new LibraryRequester("/opt/app/bin/prog", "$ORIGIN/../lib:/$LIB", null, false, null);

        Assert.Equal("/musl-path/" + Name, Find(Everywhere(), MuslLoader(["/musl-path"]), requester));
    }

    [Fact]
    public void Musl_reads_its_path_file_from_the_loaders_prefix()
    {
        var tree = new FileTree();
        tree.Add("etc/ld-musl-x86_64.path", Text("/usr/lib/a:/usr/lib/b\n/usr/lib/c\n"));

        Assert.Equal(["/usr/lib/a", "/usr/lib/b", "/usr/lib/c"], ImageLoader.MuslSystemPath(tree, "/lib/ld-musl-x86_64.so.1", out var file));
        Assert.Equal("/etc/ld-musl-x86_64.path", file);
        Assert.Equal(ImageLoader.MuslDefaultPath, ImageLoader.MuslSystemPath(new FileTree(), "/lib/ld-musl-x86_64.so.1", out _));
    }

    [Theory]
    [InlineData("libc.so", true)]
    [InlineData("libc.musl-x86_64.so.1", true)]
    [InlineData("libpthread.so.0", true)]
    [InlineData("libm.so", true)]
    [InlineData("libcrypto.so.3", false)]
    [InlineData("libmagic.so.1", false)]
    public void Musl_answers_its_reserved_names_itself(string name, bool expected) =>
        Assert.Equal(expected, MuslLoader([]).ProvidesItself(name));
}
