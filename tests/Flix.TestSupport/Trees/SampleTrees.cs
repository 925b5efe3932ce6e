using System.Text;
using Flix.Core.Tree;

namespace Flix.TestSupport.Trees;

/// <summary>In-memory trees with every kind of entry and the metadata that is easy to lose.</summary>
public static class SampleTrees
{
    /// <summary>
    /// A tree under usr/ and opt/ with: modes with set-uid, set-gid and sticky; several owners; a read-only
    /// directory with entries; xattrs (user and trusted); a hard-linked pair; symlinks; a fifo; a socket; a
    /// character and a block device; an empty file and a file larger than one copy buffer.
    /// </summary>
    public static FileTree Everything()
    {
        var tree = new FileTree();
        tree.Root.Mode = 0x1ED;
        tree.Root.ModificationTime = 1_600_000_000;

        var bin = Directory(tree, "usr/bin", 0x1ED, 1_600_000_100);
        var hello = File("#!/bin/sh\necho hello\n", 0x9ED /* 04755 */, 1_600_000_200);
        hello.ExtendedAttributes["user.flix.test"] = Encoding.UTF8.GetBytes("value");
        hello.ExtendedAttributes["trusted.flix"] = [0, 1, 2, 255];
        bin.SetChild("hello", hello);
        bin.SetChild("hello-again", hello); // hard link
        bin.SetChild("sgid-tool", File("tool", 0x5ED /* 02755 */, 1_600_000_300, uid: 0, gid: 5));
        var link = TreeNode.CreateSymlink("hello");
        link.ModificationTime = 1_600_000_400;
        link.Uid = 7;
        link.Gid = 8;
        bin.SetChild("hi", link);
        var dangling = TreeNode.CreateSymlink("../../nowhere/at all");
        dangling.ModificationTime = 1_600_000_401;
        bin.SetChild("dangling", dangling);

        var share = Directory(tree, "usr/share/flix", 0x1ED, 1_600_000_500, uid: 1000, gid: 1000);
        share.SetChild("empty", File(string.Empty, 0x100 /* 0400 */, 1_600_000_600, uid: 1000, gid: 1000));
        var big = new byte[300_000];
        new Random(42).NextBytes(big);
        var bigFile = TreeNode.CreateFile(new MemoryFileContent(big), 0x1A4);
        bigFile.ModificationTime = 1_600_000_700;
        share.SetChild("big.bin", bigFile);

        var readOnly = Directory(tree, "usr/share/flix/read-only", 0x16D /* 0555 */, 1_600_000_800);
        readOnly.SetChild("inside", File("x", 0x124 /* 0444 */, 1_600_000_900));

        Directory(tree, "usr/share/flix/sticky", 0x3FF /* 01777 */, 1_600_001_000);

        var special = Directory(tree, "usr/lib/flix", 0x1C0 /* 0700 */, 1_600_001_100);
        var fifo = TreeNode.CreateSpecial(EntryKind.Fifo, 0x1A4);
        fifo.ModificationTime = 1_600_001_200;
        special.SetChild("fifo", fifo);
        var socket = TreeNode.CreateSpecial(EntryKind.Socket, 0x1ED);
        socket.ModificationTime = 1_600_001_300;
        special.SetChild("socket", socket);
        var null0 = TreeNode.CreateDevice(EntryKind.CharacterDevice, 1, 3, 0x1B6);
        null0.ModificationTime = 1_600_001_400;
        special.SetChild("null", null0);
        var block = TreeNode.CreateDevice(EntryKind.BlockDevice, 259, 300_000, 0x1B0);
        block.ModificationTime = 1_600_001_500;
        special.SetChild("block", block);

        var opt = Directory(tree, "opt/flix", 0x1ED, 1_600_001_600);
        opt.SetChild("data", File("data\n", 0x1A4, 1_600_001_700));
        tree.Find("usr")!.ModificationTime = 1_600_001_800;
        tree.Find("usr/share")!.ModificationTime = 1_600_001_801;
        tree.Find("usr/lib")!.ModificationTime = 1_600_001_802;
        tree.Find("opt")!.ModificationTime = 1_600_001_803;
        return tree;
    }

    public static TreeNode File(string text, uint mode, long time, uint uid = 0, uint gid = 0)
    {
        var node = TreeNode.CreateFile(MemoryFileContent.FromText(text), mode);
        node.ModificationTime = time;
        node.Uid = uid;
        node.Gid = gid;
        return node;
    }

    public static TreeNode Directory(FileTree tree, string path, uint mode, long time, uint uid = 0, uint gid = 0)
    {
        var node = tree.EnsureDirectory(path);
        node.Mode = mode;
        node.ModificationTime = time;
        node.Uid = uid;
        node.Gid = gid;
        return node;
    }
}
