using Flix.Core.Tree;
using Flix.FlixMode;
using static Flix.FlixMode.Tests.ImageTrees;
using static Flix.TestSupport.Trees.HostTrees;

namespace Flix.FlixMode.Tests;

public sealed class LdSoConfParserTests
{
    [Fact]
    public void Includes_are_globbed_in_name_order_and_read_in_place()
    {
        var tree = new FileTree();
        tree.Add("etc/ld.so.conf", Text("# comment\n/first\ninclude /etc/ld.so.conf.d/*.conf\n/last   # trailing comment\n"));
        tree.Add("etc/ld.so.conf.d/b.conf", Text("/from-b\n"));
        tree.Add("etc/ld.so.conf.d/a.conf", Text("/from-a=libc6\nhwcap 0 nosegneg\n"));
        tree.Add("etc/ld.so.conf.d/c.txt", Text("/not-included\n"));
        tree.Add("etc/ld.so.conf.d/.hidden.conf", Text("/hidden\n"));

        Assert.Equal(["/first", "/from-a", "/from-b", "/last"], LdSoConfParser.Parse(tree));
    }

    [Fact]
    public void A_relative_include_is_taken_from_the_including_files_folder()
    {
        var tree = new FileTree();
        tree.Add("etc/ld.so.conf", Text("include ld.so.conf.d/*.conf\n"));
        tree.Add("etc/ld.so.conf.d/x86_64-linux-gnu.conf", Text("/usr/local/lib/x86_64-linux-gnu\n/lib/x86_64-linux-gnu\n"));

        Assert.Equal(["/usr/local/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu"], LdSoConfParser.Parse(tree));
    }

    [Fact]
    public void An_include_cycle_ends_and_each_folder_is_listed_once()
    {
        var tree = new FileTree();
        tree.Add("etc/ld.so.conf", Text("/a\ninclude /etc/other.conf\n"));
        tree.Add("etc/other.conf", Text("/b\n/a\ninclude /etc/ld.so.conf\ninclude /etc/other.conf\n"));

        Assert.Equal(["/a", "/b"], LdSoConfParser.Parse(tree));
    }

    [Fact]
    public void Links_are_followed_inside_the_image_only()
    {
        var tree = new FileTree();
        tree.Add("etc/ld.so.conf", TreeNode.CreateSymlink("../usr/lib/ld.so.conf"));
        tree.Add("usr/lib/ld.so.conf", Text("include /etc/conf.d/*\n"));
        tree.Add("etc/conf.d", TreeNode.CreateSymlink("/../../../../usr/share/conf.d"));
        tree.Add("usr/share/conf.d/one", Text("/usr/lib64, /opt/lib:/srv/lib\n"));

        Assert.Equal(["/usr/lib64", "/opt/lib", "/srv/lib"], LdSoConfParser.Parse(tree));
    }

    [Fact]
    public void A_missing_file_gives_no_folders() => Assert.Empty(LdSoConfParser.Parse(new FileTree()));

    [Theory]
    [InlineData("*.conf", "a.conf", true)]
    [InlineData("*.conf", "a.conf.bak", false)]
    [InlineData("lib?", "lib6", true)]
    [InlineData("[a-c]*", "b.conf", true)]
    [InlineData("[!a-c]*", "b.conf", false)]
    [InlineData("x", "x", true)]
    public void Wildcards_match_as_in_glob(string pattern, string name, bool expected) =>
        Assert.Equal(expected, LdSoConfParser.WildcardMatches(pattern, name));
}
