using System.Runtime.InteropServices;
using System.Text;
using Flix.Core.Interop;

namespace Flix.Core.Tree;

/// <summary>
/// Reads a directory on disk into a <see cref="FileTree"/>: types, modes, owners, mtimes, device numbers,
/// xattrs and hard links (same device and inode become one shared node). File contents stay on disk.
/// </summary>
public static class DirectoryTreeReader
{
    private const uint TypeMask = 0xF000;

    public static FileTree Read(string rootPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootPath);
        string root = Path.GetFullPath(rootPath);
        var rootStat = Stat(root);
        if ((rootStat.Mode & TypeMask) != 0x4000)
        {
            throw new DirectoryNotFoundException($"'{rootPath}' is not a directory.");
        }

        var tree = new FileTree();
        Apply(tree.Root, root, rootStat);
        var hardLinks = new Dictionary<(uint, uint, ulong), TreeNode>();
        ReadChildren(tree.Root, root, hardLinks);
        return tree;
    }

    private static void ReadChildren(TreeNode directory, string directoryPath, Dictionary<(uint, uint, ulong), TreeNode> hardLinks)
    {
        foreach (var childPath in Directory.EnumerateFileSystemEntries(directoryPath))
        {
            string name = Path.GetFileName(childPath);
            var stat = Stat(childPath, enumerated: true);
            TreeNode node;
            var key = (stat.DevMajor, stat.DevMinor, stat.Ino);
            bool isDirectory = (stat.Mode & TypeMask) == 0x4000;
            if (!isDirectory && stat.NLink > 1 && hardLinks.TryGetValue(key, out var existing))
            {
                node = existing;
            }
            else
            {
                node = Create(childPath, stat);
                Apply(node, childPath, stat);
                if (!isDirectory && stat.NLink > 1)
                {
                    hardLinks[key] = node;
                }
            }

            directory.SetChild(name, node);
            if (isDirectory)
            {
                ReadChildren(node, childPath, hardLinks);
            }
        }
    }

    private static TreeNode Create(string path, in StatxBuffer stat) => (stat.Mode & TypeMask) switch
    {
        0x4000 => TreeNode.CreateDirectory(),
        0x8000 => TreeNode.CreateFile(new DiskFileContent(path, (long)stat.Size)),
        0xA000 => TreeNode.CreateSymlink(ReadLink(path)),
        0x2000 => TreeNode.CreateDevice(EntryKind.CharacterDevice, stat.RDevMajor, stat.RDevMinor),
        0x6000 => TreeNode.CreateDevice(EntryKind.BlockDevice, stat.RDevMajor, stat.RDevMinor),
        0x1000 => TreeNode.CreateSpecial(EntryKind.Fifo),
        0xC000 => TreeNode.CreateSpecial(EntryKind.Socket),
        var type => throw new InvalidDataException($"'{path}' has an unknown file type 0x{type:x}."),
    };

    private static void Apply(TreeNode node, string path, in StatxBuffer stat)
    {
        node.Mode = stat.Mode;
        node.Uid = stat.Uid;
        node.Gid = stat.Gid;
        node.ModificationTime = stat.MTime.Seconds;
        foreach (var (name, value) in ReadXattrs(path))
        {
            node.ExtendedAttributes[name] = value;
        }
    }

    private static StatxBuffer Stat(string path, bool enumerated = false)
    {
        if (Libc.Statx(Libc.AtFdCwd, path, Libc.AtSymlinkNoFollow, Libc.StatxBasicStats, out var buffer) != 0)
        {
            // A name that is not valid UTF-8 comes back from enumeration with U+FFFD in place of its bad
            // bytes, so it cannot be found again under the decoded name. A real U+FFFD in a name is fine.
            if (enumerated && path.Contains('\uFFFD') && Marshal.GetLastPInvokeError() == Libc.ENOENT)
            {
                throw new InvalidDataException($"'{path}' is not a valid UTF-8 name (U+FFFD marks the bytes that are not).");
            }

            throw new IOException($"Cannot stat '{path}': {Libc.LastErrorText()}.");
        }

        return buffer;
    }

    private static string ReadLink(string path) =>
        new FileInfo(path).LinkTarget ?? throw new IOException($"Cannot read the symlink '{path}'.");

    /// <summary>Every extended attribute of <paramref name="path"/> (not following a symlink).</summary>
    public static unsafe List<(string Name, byte[] Value)> ReadXattrs(string path)
    {
        var result = new List<(string, byte[])>();
        nint size = Libc.LListXattr(path, null, 0);
        if (size <= 0)
        {
            return result; // none, or a file system without xattrs
        }

        var names = new byte[size];
        fixed (byte* p = names)
        {
            size = Libc.LListXattr(path, p, (nuint)names.Length);
        }

        if (size < 0)
        {
            throw new IOException($"Cannot list the extended attributes of '{path}': {Libc.LastErrorText()}.");
        }

        // The list is NUL-terminated names, one after another.
        int start = 0;
        for (int end = 0; end < size; end++)
        {
            if (names[end] != 0)
            {
                continue;
            }

            int nameStart = start;
            start = end + 1;
            if (end == nameStart)
            {
                continue;
            }

            string name = Encoding.UTF8.GetString(names, nameStart, end - nameStart);
            nint valueSize = Libc.LGetXattr(path, name, null, 0);
            if (valueSize < 0)
            {
                continue; // removed meanwhile
            }

            var value = new byte[valueSize];
            fixed (byte* v = value)
            {
                valueSize = Libc.LGetXattr(path, name, v, (nuint)value.Length);
            }

            if (valueSize < 0)
            {
                throw new IOException($"Cannot read the extended attribute '{name}' of '{path}': {Libc.LastErrorText()}.");
            }

            result.Add((name, value[..(int)valueSize]));
        }

        return result;
    }
}
