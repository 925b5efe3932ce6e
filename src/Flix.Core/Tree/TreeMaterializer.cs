using Flix.Core.Interop;

namespace Flix.Core.Tree;

/// <summary>
/// Writes a <see cref="FileTree"/> into an empty directory: directories, file contents (streamed), symlinks,
/// hard links (one node reached twice becomes a link), fifos, sockets and devices, then modes (set-uid, set-gid
/// and sticky included), owners, extended attributes and modification times.
/// </summary>
/// <remarks>
/// Every entry is created exclusively (an existing entry is an error), and every path is built from validated
/// names below the target, so nothing is written or followed outside it. Metadata is applied in an order that
/// keeps it: owner first (chown clears set-uid bits and file capabilities), then xattrs (user.* ones need write
/// permission), then mode, then time, and a directory's metadata only after its entries exist.
/// </remarks>
public static class TreeMaterializer
{
    private const uint DirectoryTypeBits = 0x4000;
    private const uint CharacterDeviceTypeBits = 0x2000;
    private const uint BlockDeviceTypeBits = 0x6000;
    private const uint FifoTypeBits = 0x1000;
    private const uint SocketTypeBits = 0xC000;
    private const uint PrivateDirectoryMode = 0x1C0; // 0700 while entries are added
    private const int CopyBufferSize = 128 * 1024;

    /// <summary>
    /// Writes <paramref name="tree"/> into <paramref name="targetDirectory"/>, which must be empty or missing.
    /// The root node's mode, owner, xattrs and time are applied to the target itself.
    /// </summary>
    public static async Task MaterializeAsync(
        FileTree tree, string targetDirectory, TreeMaterializerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentException.ThrowIfNullOrEmpty(targetDirectory);
        options ??= new TreeMaterializerOptions();
        string root = Path.GetFullPath(targetDirectory);

        if (Directory.Exists(root))
        {
            if (new FileInfo(root).LinkTarget is not null)
            {
                throw new IOException($"The target '{root}' is a symlink, not a directory.");
            }

            if (Directory.EnumerateFileSystemEntries(root).Any())
            {
                throw new IOException($"The target directory '{root}' is not empty.");
            }
        }
        else if (Libc.MkDir(root, PrivateDirectoryMode) != 0)
        {
            throw new IOException($"Cannot create the directory '{root}': {Libc.LastErrorText()}.");
        }

        var context = new Context(options);
        context.CheckPrivileges(tree.Root, "/");
        foreach (var (path, node) in tree.Walk())
        {
            context.CheckPrivileges(node, path);
        }

        await WriteDirectoryAsync(tree.Root, root, context, cancellationToken).ConfigureAwait(false);
        ApplyMetadata(tree.Root, root, context);
    }

    private static async Task WriteDirectoryAsync(TreeNode directory, string directoryPath, Context context, CancellationToken cancellationToken)
    {
        foreach (var (name, node) in directory.Children)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string path = directoryPath + "/" + name;
            if (!node.IsDirectory && context.FirstPaths.TryGetValue(node, out var firstPath))
            {
                Check(Libc.Link(firstPath, path), "create the hard link", path);
                continue;
            }

            switch (node.Kind)
            {
                case EntryKind.Directory:
                    Check(Libc.MkDir(path, PrivateDirectoryMode), "create the directory", path);
                    await WriteDirectoryAsync(node, path, context, cancellationToken).ConfigureAwait(false);
                    break;
                case EntryKind.RegularFile:
                    await WriteFileAsync(node, path, cancellationToken).ConfigureAwait(false);
                    break;
                case EntryKind.Symlink:
                    Check(Libc.Symlink(node.LinkTarget!, path), "create the symlink", path);
                    break;
                case EntryKind.CharacterDevice:
                    Check(Libc.MkNod(path, CharacterDeviceTypeBits | PrivateDirectoryMode, Libc.MakeDev(node.DeviceMajor, node.DeviceMinor)), "create the device", path);
                    break;
                case EntryKind.BlockDevice:
                    Check(Libc.MkNod(path, BlockDeviceTypeBits | PrivateDirectoryMode, Libc.MakeDev(node.DeviceMajor, node.DeviceMinor)), "create the device", path);
                    break;
                case EntryKind.Fifo:
                    Check(Libc.MkNod(path, FifoTypeBits | PrivateDirectoryMode, 0), "create the fifo", path);
                    break;
                case EntryKind.Socket:
                    Check(Libc.MkNod(path, SocketTypeBits | PrivateDirectoryMode, 0), "create the socket", path);
                    break;
                default:
                    throw new NotSupportedException($"'{path}' has the unsupported kind {node.Kind}.");
            }

            if (!node.IsDirectory)
            {
                context.FirstPaths[node] = path;
            }

            ApplyMetadata(node, path, context);
        }
    }

    private static async Task WriteFileAsync(TreeNode node, string path, CancellationToken cancellationToken)
    {
        var content = node.Content!;
        var output = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 0,
        });
        await using (output.ConfigureAwait(false))
        {
            var input = content.OpenRead();
            await using (input.ConfigureAwait(false))
            {
                await input.CopyToAsync(output, CopyBufferSize, cancellationToken).ConfigureAwait(false);
            }

            if (output.Length != content.Length)
            {
                throw new IOException($"The content of '{path}' had {output.Length} bytes where {content.Length} were expected; did the source change?");
            }
        }
    }

    private static unsafe void ApplyMetadata(TreeNode node, string path, Context context)
    {
        if (context.Options.ApplyOwners && (context.IsRoot || node.Uid != context.Uid || node.Gid != context.Gid))
        {
            Check(Libc.LChown(path, node.Uid, node.Gid), "set the owner of", path);
        }

        if (context.Options.ApplyExtendedAttributes)
        {
            foreach (var (name, value) in node.ExtendedAttributes)
            {
                fixed (byte* v = value)
                {
                    if (Libc.LSetXattr(path, name, v, (nuint)value.Length, 0) != 0)
                    {
                        throw new IOException($"Cannot set the extended attribute '{name}' of '{path}': {Libc.LastErrorText()}.");
                    }
                }
            }
        }

        // Last but the time: user.* xattrs need write permission, which the final mode may not give.
        if (node.Kind != EntryKind.Symlink)
        {
            Check(Libc.ChMod(path, node.Mode), "set the mode of", path);
        }

        Check(Libc.SetTimesNoFollow(path, node.ModificationTime), "set the time of", path);
    }

    private static void Check(int result, string what, string path)
    {
        if (result != 0)
        {
            throw new IOException($"Cannot {what} '{path}': {Libc.LastErrorText()}.");
        }
    }

    private sealed class Context(TreeMaterializerOptions options)
    {
        public TreeMaterializerOptions Options { get; } = options;

        public uint Uid { get; } = Libc.GetEUid();

        public uint Gid { get; } = Libc.GetEGid();

        public bool IsRoot => Uid == 0;

        /// <summary>Where each non-directory node was first written, for hard links.</summary>
        public Dictionary<TreeNode, string> FirstPaths { get; } = new(ReferenceEqualityComparer.Instance);

        /// <summary>Fails before anything is written when the caller cannot create <paramref name="node"/> as modelled.</summary>
        public void CheckPrivileges(TreeNode node, string path)
        {
            if (IsRoot)
            {
                return;
            }

            if (node.Kind is EntryKind.CharacterDevice or EntryKind.BlockDevice)
            {
                throw new UnauthorizedAccessException(
                    $"The entry '{path}' is a {Describe(node.Kind)} ({node.DeviceMajor}:{node.DeviceMinor}); only root can create device nodes.");
            }

            if (Options.ApplyOwners && (node.Uid != Uid || node.Gid != Gid))
            {
                throw new UnauthorizedAccessException(
                    $"The entry '{path}' is owned by {node.Uid}:{node.Gid}; only root can create files owned by anyone but the caller ({Uid}:{Gid}).");
            }
        }

        private static string Describe(EntryKind kind) =>
            kind == EntryKind.CharacterDevice ? "character device" : "block device";
    }
}
