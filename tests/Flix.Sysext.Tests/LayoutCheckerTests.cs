using Flix.Core.Tree;
using Flix.TestSupport.Trees;

namespace Flix.Sysext.Tests;

public sealed class LayoutCheckerTests
{
    private static FileTree Tree(params string[] files)
    {
        var tree = new FileTree();
        foreach (var file in files)
        {
            if (file.EndsWith('/'))
            {
                tree.EnsureDirectory(file);
            }
            else
            {
                tree.Add(file, SampleTrees.File("x", 0x1A4, 0));
            }
        }

        return tree;
    }

    private static string Summary(IEnumerable<Diagnostic> diagnostics) =>
        string.Join(" ", diagnostics.Select(d => $"{(d.IsError ? "E" : "W")}:{d.Id}:{d.Path}"));

    [Fact]
    public void A_plain_usr_tree_is_clean() => Assert.Empty(LayoutChecker.Check(Tree("usr/bin/tool"), "myext"));

    [Fact]
    public void Top_level_entries_outside_usr_and_opt_are_errors_each()
    {
        var diagnostics = LayoutChecker.Check(Tree("usr/bin/tool", "etc/tool.conf", "var/lib/", "README"), "myext");

        Assert.Equal("E:FLX101:README E:FLX101:etc E:FLX101:var", Summary(diagnostics));
    }

    [Fact]
    public void Allow_outside_turns_them_into_warnings()
    {
        var diagnostics = LayoutChecker.Check(Tree("usr/bin/tool", "etc/tool.conf"), "myext", new LayoutCheckOptions { AllowOutside = true });

        Assert.Equal("W:FLX101:etc", Summary(diagnostics));
    }

    [Fact]
    public void A_tree_without_files_is_an_error()
    {
        Assert.Equal("E:FLX102:", Summary(LayoutChecker.Check(Tree("usr/bin/", "usr/lib/"), "myext")));
        Assert.Equal("E:FLX102:", Summary(LayoutChecker.Check(new FileTree(), "myext")));
    }

    [Fact]
    public void A_symlink_counts_as_content()
    {
        var tree = Tree("usr/bin/");
        tree.Add("usr/bin/link", TreeNode.CreateSymlink("/usr/bin/true"));

        Assert.Empty(LayoutChecker.Check(tree, "myext"));
    }

    [Fact]
    public void Usr_sbin_is_refused_unless_allowed()
    {
        Assert.Equal("E:FLX103:usr/sbin", Summary(LayoutChecker.Check(Tree("usr/sbin/daemon"), "myext")));
        Assert.Equal("W:FLX103:usr/sbin", Summary(LayoutChecker.Check(Tree("usr/sbin/daemon"), "myext", new LayoutCheckOptions { AllowUsrSbin = true })));
    }

    [Fact]
    public void An_empty_usr_sbin_folder_is_refused_too()
    {
        Assert.Equal("E:FLX103:usr/sbin", Summary(LayoutChecker.Check(Tree("usr/bin/x", "usr/sbin/"), "myext")));
    }

    [Fact]
    public void Opt_is_a_warning()
    {
        var diagnostics = LayoutChecker.Check(Tree("opt/tool/bin/tool"), "myext");

        Assert.Equal("W:FLX104:opt", Summary(diagnostics));
        Assert.Contains("/opt/extensions", diagnostics[0].Message);
    }

    [Fact]
    public void Shipping_os_release_is_an_error()
    {
        Assert.Equal("E:FLX105:usr/lib/os-release", Summary(LayoutChecker.Check(Tree("usr/lib/os-release"), "myext")));
    }

    [Fact]
    public void Extension_release_files_are_reported()
    {
        var diagnostics = LayoutChecker.Check(
            Tree("usr/bin/x", "usr/lib/extension-release.d/extension-release.myext", "usr/lib/extension-release.d/extension-release.other"),
            "myext");

        Assert.Equal(
            "W:FLX107:usr/lib/extension-release.d/extension-release.myext W:FLX106:usr/lib/extension-release.d/extension-release.other",
            Summary(diagnostics));
    }

    [Fact]
    public void Hierarchies_that_are_not_directories_are_errors()
    {
        var tree = new FileTree();
        tree.Add("usr", TreeNode.CreateSymlink("/somewhere"));
        tree.Add("opt", SampleTrees.File("x", 0x1A4, 0));

        Assert.Equal("E:FLX108:opt E:FLX108:usr", Summary(LayoutChecker.Check(tree, "myext")));
    }

    [Fact]
    public void Every_finding_is_collected_at_once()
    {
        var diagnostics = LayoutChecker.Check(Tree("etc/x", "usr/sbin/x", "usr/lib/os-release", "opt/y"), "myext");

        Assert.Equal("E:FLX101:etc E:FLX103:usr/sbin W:FLX104:opt E:FLX105:usr/lib/os-release", Summary(diagnostics));
    }

    [Fact]
    public void Diagnostics_print_with_severity_id_and_path()
    {
        var diagnostic = LayoutChecker.Check(Tree("usr/sbin/x"), "myext").Single();

        Assert.StartsWith("error[FLX103]: usr/sbin: ", diagnostic.ToString());
    }

    [Fact]
    public void A_packed_image_expects_its_own_metadata_and_it_is_no_content()
    {
        var tree = Tree("usr/lib/extension-release.d/extension-release.myext", "usr/lib/extension-release.d/extension-release.other");

        var packed = LayoutChecker.Check(tree, "myext", new LayoutCheckOptions { Packed = true });
        var unpacked = LayoutChecker.Check(tree, "myext");

        Assert.Equal("E:FLX102: W:FLX106:usr/lib/extension-release.d/extension-release.other", Summary(packed));
        Assert.Equal("W:FLX107:usr/lib/extension-release.d/extension-release.myext W:FLX106:usr/lib/extension-release.d/extension-release.other", Summary(unpacked));
    }
}
