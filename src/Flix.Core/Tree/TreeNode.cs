using System.Text;

namespace Flix.Core.Tree;

/// <summary>
/// One file-system object (an inode): its type, permission bits, owner, time, xattrs and payload.
/// A non-directory node may be referenced from several directories: that is a hard link.
/// </summary>
public sealed class TreeNode
{
    /// <summary>Longest name in bytes (NAME_MAX).</summary>
    public const int MaxNameBytes = 255;

    /// <summary>Permission bits including set-uid, set-gid and sticky.</summary>
    public const uint PermissionMask = 0xFFF;

    private readonly SortedDictionary<string, TreeNode>? _children;
    private uint _mode;

    private TreeNode(EntryKind kind, uint mode)
    {
        Kind = kind;
        Mode = mode;
        if (kind == EntryKind.Directory)
        {
            _children = new SortedDictionary<string, TreeNode>(Utf8OrdinalComparer.Instance);
        }
    }

    public EntryKind Kind { get; }

    /// <summary>Permission bits only (mode &amp; 07777); the type lives in <see cref="Kind"/>.</summary>
    public uint Mode
    {
        get => _mode;
        set => _mode = value & PermissionMask;
    }

    public uint Uid { get; set; }

    public uint Gid { get; set; }

    /// <summary>Modification time, seconds since the Unix epoch.</summary>
    public long ModificationTime { get; set; }

    /// <summary>The bytes of a regular file; null for every other kind.</summary>
    public FileContent? Content { get; private set; }

    /// <summary>The target of a symlink; null for every other kind.</summary>
    public string? LinkTarget { get; private set; }

    public uint DeviceMajor { get; private set; }

    public uint DeviceMinor { get; private set; }

    /// <summary>Extended attributes by full name ("security.capability"), in ordinal order.</summary>
    public SortedDictionary<string, byte[]> ExtendedAttributes { get; } = new(StringComparer.Ordinal);

    /// <summary>The entries of a directory by name, in UTF-8 byte order; empty for every other kind.</summary>
    public IReadOnlyDictionary<string, TreeNode> Children =>
        (IReadOnlyDictionary<string, TreeNode>?)_children ?? EmptyChildren;

    private static readonly IReadOnlyDictionary<string, TreeNode> EmptyChildren =
        new Dictionary<string, TreeNode>();

    public bool IsDirectory => Kind == EntryKind.Directory;

    /// <summary>File size for regular files, target length for symlinks, 0 otherwise.</summary>
    public long Size => Kind switch
    {
        EntryKind.RegularFile => Content!.Length,
        EntryKind.Symlink => Encoding.UTF8.GetByteCount(LinkTarget!),
        _ => 0,
    };

    public static TreeNode CreateDirectory(uint mode = 0x1ED /* 0755 */) => new(EntryKind.Directory, mode);

    public static TreeNode CreateFile(FileContent content, uint mode = 0x1A4 /* 0644 */)
    {
        ArgumentNullException.ThrowIfNull(content);
        return new TreeNode(EntryKind.RegularFile, mode) { Content = content };
    }

    public static TreeNode CreateSymlink(string target)
    {
        ArgumentException.ThrowIfNullOrEmpty(target);
        if (target.Contains('\0'))
        {
            throw new ArgumentException($"Symlink target '{target}' contains a NUL byte.", nameof(target));
        }

        return new TreeNode(EntryKind.Symlink, 0x1FF) { LinkTarget = target };
    }

    public static TreeNode CreateDevice(EntryKind kind, uint major, uint minor, uint mode = 0x1B0 /* 0660 */)
    {
        if (kind is not (EntryKind.CharacterDevice or EntryKind.BlockDevice))
        {
            throw new ArgumentException($"{kind} is not a device kind.", nameof(kind));
        }

        return new TreeNode(kind, mode) { DeviceMajor = major, DeviceMinor = minor };
    }

    public static TreeNode CreateSpecial(EntryKind kind, uint mode = 0x1A4)
    {
        if (kind is not (EntryKind.Fifo or EntryKind.Socket))
        {
            throw new ArgumentException($"{kind} is not a fifo or socket kind.", nameof(kind));
        }

        return new TreeNode(kind, mode);
    }

    /// <summary>Adds or replaces the entry <paramref name="name"/> of this directory.</summary>
    public void SetChild(string name, TreeNode child)
    {
        ArgumentNullException.ThrowIfNull(child);
        ValidateName(name);
        RequireDirectory()[name] = child;
    }

    public TreeNode? GetChild(string name) =>
        _children is not null && _children.TryGetValue(name, out var child) ? child : null;

    public bool RemoveChild(string name) => _children is not null && _children.Remove(name);

    /// <summary>Takes owner, group, modification time and extended attributes from <paramref name="other"/>; returns this node.</summary>
    public TreeNode CopyAttributesFrom(TreeNode other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Uid = other.Uid;
        Gid = other.Gid;
        ModificationTime = other.ModificationTime;
        foreach (var (name, value) in other.ExtendedAttributes)
        {
            ExtendedAttributes[name] = value;
        }

        return this;
    }

    /// <summary>Replaces the payload of a regular file.</summary>
    public void ReplaceContent(FileContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (Kind != EntryKind.RegularFile)
        {
            throw new InvalidOperationException($"A {Kind} has no content.");
        }

        Content = content;
    }

    /// <summary>Throws unless <paramref name="name"/> is a valid single path component.</summary>
    public static void ValidateName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || name is "." or ".." || name.Contains('/') || name.Contains('\0'))
        {
            throw new ArgumentException($"'{name}' is not a valid file name.", nameof(name));
        }

        if (Encoding.UTF8.GetByteCount(name) > MaxNameBytes)
        {
            throw new ArgumentException($"File name '{name}' is longer than {MaxNameBytes} bytes.", nameof(name));
        }
    }

    private SortedDictionary<string, TreeNode> RequireDirectory() =>
        _children ?? throw new InvalidOperationException($"A {Kind} cannot have entries.");
}
