using Flix.Core.Tree;
using Flix.FlixMode;
using Flix.Sysext;
using static Flix.FlixMode.Tests.ImageTrees;
using static Flix.TestSupport.Trees.HostTrees;

namespace Flix.FlixMode.Tests;

public sealed class ClosureCheckerTests
{
    /// <summary>The host's libz needs libc.so.6: a tree holding it with a run path decides whether that resolves.</summary>
    [Fact]
    public void A_needed_library_missing_from_the_run_path_is_an_error_naming_file_and_library()
    {
        var tree = new FileTree();
        tree.Add("usr/local/x/lib/libz.so.1", LibraryWith(runPath: "/usr/local/x/lib"));

        var diagnostics = ClosureChecker.Check(tree, DebianLoader());

        var missing = Assert.Single(diagnostics, d => d.Id == DiagnosticIds.MissingLibrary);
        Assert.True(missing.IsError);
        Assert.Equal("/usr/local/x/lib/libz.so.1", missing.Path);
        Assert.Contains("libc.so.6", missing.Message);
        Assert.Contains(diagnostics, d => d.Id == DiagnosticIds.MissingNoDefaultLib);
    }

    [Fact]
    public void A_library_found_through_the_run_path_and_a_link_passes()
    {
        var tree = new FileTree();
        tree.Add("usr/local/x/lib/libz.so.1", LibraryWith(runPath: "/usr/local/x/lib"));
        tree.Add("usr/local/x/real/libc.so.6", LibraryWith(runPath: "/usr/local/x/lib"));
        tree.Add("usr/local/x/lib/libc.so.6", TreeNode.CreateSymlink("../real/libc.so.6"));

        var diagnostics = ClosureChecker.Check(tree, DebianLoader());

        Assert.DoesNotContain(diagnostics, d => d.Id == DiagnosticIds.MissingLibrary);
    }

    [Fact]
    public void Every_problem_is_collected()
    {
        var tree = new FileTree();
        tree.Add("usr/lib/a/libz.so.1", LibraryWith(runPath: "/usr/lib/a"));
        tree.Add("usr/lib/b/libz.so.1", LibraryWith(rPath: "/usr/lib/b"));

        var diagnostics = ClosureChecker.Check(tree, DebianLoader());

        Assert.Equal(2, diagnostics.Count(d => d.Id == DiagnosticIds.MissingLibrary));
    }
}
