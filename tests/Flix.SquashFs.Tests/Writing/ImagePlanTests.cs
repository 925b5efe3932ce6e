using Flix.Core.Tree;
using Flix.SquashFs.Writing;

namespace Flix.SquashFs.Tests.Writing;

/// <summary>Inode numbering, link counts and parents, decided before anything is written.</summary>
public sealed class ImagePlanTests
{
    [Fact]
    public void Numbers_ArePreOrderWithTheRootLast()
    {
        var tree = new FileTree();
        var shared = TreeNode.CreateFile(MemoryFileContent.FromText("x"));
        tree.Add("b/inner", TreeNode.CreateSymlink("t"));
        tree.Add("a", shared);
        tree.Add("b/hard", shared);
        tree.Add("c", TreeNode.CreateDirectory());

        var plan = ImagePlan.Create(tree);

        Assert.Equal(5u, plan.InodeCount);
        Assert.Equal(5u, plan.Root.Number);
        Assert.Equal(6u, plan.Root.ParentNumber);
        var entries = plan.Root.Entries!;
        Assert.Equal(["a", "b", "c"], entries.Select(e => System.Text.Encoding.UTF8.GetString(e.Name)));
        Assert.Equal(1u, entries[0].Inode.Number); // a
        Assert.Equal(2u, entries[1].Inode.Number); // b, then its subtree
        var b = entries[1].Inode;
        Assert.Equal(1u, b.Entries![0].Inode.Number); // b/hard is the same inode as a
        Assert.Equal(3u, b.Entries![1].Inode.Number); // b/inner
        Assert.Equal(4u, entries[2].Inode.Number); // c
        Assert.Equal(2u, entries[0].Inode.LinkCount);
        Assert.Equal(4u, plan.Root.LinkCount); // 2 + two subdirectories
        Assert.Equal(5u, b.ParentNumber);
        Assert.Single(plan.Files);
    }

    [Fact]
    public void Names_AreOrderedByUtf8Bytes()
    {
        var tree = new FileTree();
        foreach (var name in new[] { "\uFFFC", "\U0001F600", "\uE000", "z" })
        {
            tree.Add(name, TreeNode.CreateSpecial(EntryKind.Fifo));
        }

        var names = ImagePlan.Create(tree).Root.Entries!.Select(e => e.Name).ToList();
        for (int i = 1; i < names.Count; i++)
        {
            Assert.True(names[i - 1].AsSpan().SequenceCompareTo(names[i]) < 0);
        }

        Assert.Equal("\U0001F600", System.Text.Encoding.UTF8.GetString(names[^1]));
    }
}
