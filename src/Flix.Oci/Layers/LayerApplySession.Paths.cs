using System.Formats.Tar;
using System.Text;
using Flix.Core.Interop;
using Flix.Core.Tree;
using Microsoft.Win32.SafeHandles;

namespace Flix.Oci.Layers;

/// <summary>Names, confined resolution, removal, hard links and whiteouts.</summary>
internal sealed partial class LayerApplySession
{
    private const int OpenDirectoryFlags = Libc.ORdOnly | Libc.ODirectory | Libc.ONoFollow | Libc.OCloExec;

    /// <summary>The parent directory of the last entry, kept open for the next ones (tar lists a directory's entries together).</summary>
    private (SafeFileHandle Fd, TreeNode Node, string Path)? _parent;

    /// <summary>
    /// The open parent directory of <paramref name="parts"/> with its model node and path, created as needed; the
    /// session keeps it (the caller must not dispose it) until <see cref="ForgetParent"/>.
    /// </summary>
    private (SafeFileHandle Fd, TreeNode Node, string Path) ResolveParent(string[] parts)
    {
        string path = string.Join('/', parts, 0, parts.Length - 1);
        if (_parent is { } kept && kept.Path == path)
        {
            return kept;
        }

        ForgetParent();
        var (fd, node) = ResolveDirectory(parts.AsSpan(0, parts.Length - 1), create: true)!.Value;
        _parent = (fd, node, path);
        return _parent.Value;
    }

    /// <summary>Closes the kept parent: needed before anything that might remove it or a directory above it.</summary>
    private void ForgetParent()
    {
        _parent?.Fd.Dispose();
        _parent = null;
    }

    private static unsafe bool HasNoXattrs(string path) => Libc.LListXattr(path, null, 0) == 0;

    /// <summary>
    /// The components of a tar name inside the root: empty and "." components dropped (so a leading "/" or "./"
    /// is stripped); "..", NUL and over-long names are errors.
    /// </summary>
    private string[] CleanName(string name, string what)
    {
        if (name.Contains('\0'))
        {
            throw Fail($"the {what} contains a NUL byte.");
        }

        if (Encoding.UTF8.GetByteCount(name) > _options.MaxPathLength)
        {
            throw Fail($"the {what} is longer than {_options.MaxPathLength} bytes.");
        }

        var parts = name.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToArray();
        foreach (var part in parts)
        {
            if (part == "..")
            {
                throw Fail($"the {what} '{LayerFormatException.Printable(name)}' has a '..' component; names must stay inside the root.");
            }

            if (Encoding.UTF8.GetByteCount(part) > TreeNode.MaxNameBytes)
            {
                throw Fail($"the {what} has a component longer than {TreeNode.MaxNameBytes} bytes.");
            }
        }

        return parts;
    }

    /// <summary>
    /// Opens the directory <paramref name="parts"/> below the root one component at a time, never following a
    /// symlink, and returns it with its model node. With <paramref name="create"/>, missing directories are made
    /// and a file in the way is replaced by a directory; without, null when something is missing or not a directory.
    /// A symlink on the way is always an error.
    /// </summary>
    private (SafeFileHandle Fd, TreeNode Node)? ResolveDirectory(ReadOnlySpan<string> parts, bool create)
    {
        if (parts.Length > 0 && _openAt2Usable && OpenBeneath(parts) is { } opened)
        {
            return opened;
        }

        return WalkDirectory(parts, create);
    }

    /// <summary>
    /// The whole directory in one openat2 call that the kernel confines (RESOLVE_BENEATH, no symlinks at all);
    /// null when it fails for any reason, and the component walk then creates, replaces or explains.
    /// </summary>
    private (SafeFileHandle Fd, TreeNode Node)? OpenBeneath(ReadOnlySpan<string> parts)
    {
        var fd = Libc.Own(Libc.OpenAt2(_rootFd, string.Join('/', parts.ToArray()), OpenDirectoryFlags,
            Libc.ResolveBeneath | Libc.ResolveNoSymlinks | Libc.ResolveNoMagicLinks));
        if (fd is null)
        {
            _openAt2Usable &= Libc.LastError() != Libc.ENOSYS;
            return null;
        }

        var node = _model.Root;
        foreach (var part in parts)
        {
            var child = node.GetChild(part);
            if (child is not { IsDirectory: true })
            {
                // The model follows the disk when they disagree.
                child = TreeNode.CreateDirectory();
                node.SetChild(part, child);
            }

            node = child;
        }

        return (fd, node);
    }

    /// <summary>The one-component-at-a-time resolution behind <see cref="ResolveDirectory"/>.</summary>
    private (SafeFileHandle Fd, TreeNode Node)? WalkDirectory(ReadOnlySpan<string> parts, bool create)
    {
        var fd = Libc.Own(Libc.OpenAt(_rootFd, ".", OpenDirectoryFlags, 0)) ?? throw IoFail("open the root directory");
        var node = _model.Root;
        string path = string.Empty;
        try
        {
            foreach (var part in parts)
            {
                string parentPath = path;
                path = path.Length == 0 ? part : path + "/" + part;
                var child = Libc.Own(Libc.OpenAt(fd, part, OpenDirectoryFlags, 0));
                if (child is null)
                {
                    var stat = StatAt(fd, part);
                    uint type = stat is { } s ? s.Mode & Libc.FileTypeMask : 0;
                    if (type == Libc.FileTypeSymlink)
                    {
                        throw Fail($"'{path}' is a symlink; nothing is ever written, removed or linked through a symlink.");
                    }

                    if (type == Libc.FileTypeDirectory)
                    {
                        throw IoFail($"open the directory '{path}'");
                    }

                    if (!create)
                    {
                        fd.Dispose();
                        return null;
                    }

                    if (stat is not null)
                    {
                        // A file, device or fifo of a lower layer where this layer has a directory: replace it.
                        RemoveEntry(fd, node, part, path);
                    }

                    Check(Libc.MkDirAt(fd, part, 0x1ED /* 0755 */), $"create the directory '{path}'");
                    _touchedDirectories.Add(path);
                    if (_plainDirectories.Contains(parentPath) && CreatesExactly(0x1ED))
                    {
                        _plainDirectories.Add(path);
                    }

                    node.SetChild(part, TreeNode.CreateDirectory());
                    child = Libc.Own(Libc.OpenAt(fd, part, OpenDirectoryFlags, 0)) ?? throw IoFail($"open the directory '{path}'");
                }

                var childNode = node.GetChild(part);
                if (childNode is not { IsDirectory: true })
                {
                    // The model follows the disk when they disagree.
                    childNode = TreeNode.CreateDirectory();
                    node.SetChild(part, childNode);
                }

                fd.Dispose();
                fd = child;
                node = childNode;
            }

            return (fd, node);
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    private static StatxBuffer? StatAt(SafeFileHandle dirFd, string name) =>
        Libc.StatxAt(dirFd, name, Libc.AtSymlinkNoFollow, Libc.StatxBasicStats, out var buffer) == 0 ? buffer : null;

    /// <summary>
    /// Removes <paramref name="name"/> from the directory on disk (recursively, never following a symlink) and from the
    /// model. <paramref name="known"/> is the name's status when the caller has just taken it.
    /// </summary>
    private void RemoveEntry(SafeFileHandle parentFd, TreeNode parentNode, string name, string path, StatxBuffer? known = null)
    {
        // Removing a child leaves the name of the directory it is in alone, so a kept parent that is that directory
        // stays right; any other kept parent might lie below what goes. Plain directories may be among what goes.
        _plainDirectories.Clear();
        if (_parent is { } kept && !ReferenceEquals(kept.Fd, parentFd))
        {
            ForgetParent();
        }

        if ((known ?? StatAt(parentFd, name)) is { } stat)
        {
            uint type = stat.Mode & Libc.FileTypeMask;
            if (type == Libc.FileTypeDirectory)
            {
                RemoveTree(parentFd, name, path);
                Check(Libc.UnlinkAt(parentFd, name, Libc.AtRemoveDir), $"remove the directory '{path}'");
            }
            else
            {
                _hardLinkContentStale |= type == Libc.FileTypeRegular && stat.NLink > 1;
                Check(Libc.UnlinkAt(parentFd, name, 0), $"remove '{path}'");
            }
        }

        parentNode.RemoveChild(name);
    }

    /// <summary>Removes everything inside the directory <paramref name="name"/> of <paramref name="parentFd"/>.</summary>
    private void RemoveTree(SafeFileHandle parentFd, string name, string path)
    {
        if (!_options.Privileged)
        {
            // A directory of mode 0500 cannot be emptied by its unprivileged owner; the model keeps modes anyway.
            Libc.FChModAt(parentFd, name, 0x1C0, Libc.AtSymlinkNoFollow);
        }

        using var fd = Libc.Own(Libc.OpenAt(parentFd, name, OpenDirectoryFlags, 0)) ?? throw IoFail($"open the directory '{path}'");
        var names = Libc.ReadDirectoryNames(fd) ?? throw IoFail($"list the directory '{path}'");
        foreach (var child in names)
        {
            string childPath = path + "/" + child;
            if (StatAt(fd, child) is not { } stat)
            {
                continue;
            }

            uint type = stat.Mode & Libc.FileTypeMask;
            if (type == Libc.FileTypeDirectory)
            {
                RemoveTree(fd, child, childPath);
                Check(Libc.UnlinkAt(fd, child, Libc.AtRemoveDir), $"remove the directory '{childPath}'");
            }
            else
            {
                _hardLinkContentStale |= type == Libc.FileTypeRegular && stat.NLink > 1;
                Check(Libc.UnlinkAt(fd, child, 0), $"remove '{childPath}'");
            }
        }
    }

    private void ApplyHardLink(TarEntry entry, string[] parts)
    {
        ForgetParent();
        if (string.IsNullOrEmpty(entry.LinkName))
        {
            throw Fail("the hard link has no target.");
        }

        var targetParts = CleanName(entry.LinkName, "hard link target");
        if (targetParts.Length == 0)
        {
            throw Fail("the hard link targets the root directory.");
        }

        string path = string.Join('/', parts);
        string targetPath = string.Join('/', targetParts);
        if (path == targetPath)
        {
            throw Fail("the hard link targets itself.");
        }

        var (parentFd, parentNode) = ResolveDirectory(parts.AsSpan(0, parts.Length - 1), create: true)!.Value;
        using (parentFd)
        {
            var target = ResolveDirectory(targetParts.AsSpan(0, targetParts.Length - 1), create: false)
                ?? throw Fail($"the hard link target '{LayerFormatException.Printable(entry.LinkName)}' does not exist.");
            using (target.Fd)
            {
                string targetName = targetParts[^1];
                var stat = StatAt(target.Fd, targetName)
                    ?? throw Fail($"the hard link target '{LayerFormatException.Printable(entry.LinkName)}' does not exist.");
                if ((stat.Mode & Libc.FileTypeMask) == Libc.FileTypeDirectory)
                {
                    throw Fail($"the hard link target '{LayerFormatException.Printable(entry.LinkName)}' is a directory.");
                }

                var targetNode = target.Node.GetChild(targetName);
                if (targetNode is null || targetNode.IsDirectory)
                {
                    throw Fail($"the hard link target '{LayerFormatException.Printable(entry.LinkName)}' is not in the model of the root.");
                }

                if (StatAt(parentFd, parts[^1]) is { } existing)
                {
                    RemoveEntry(parentFd, parentNode, parts[^1], path, existing);
                }

                Check(Libc.LinkAt(target.Fd, targetName, parentFd, parts[^1], 0), "create the hard link");
                parentNode.SetChild(parts[^1], targetNode);
                MarkWritten(parts);
            }
        }
    }

    private void ApplyWhiteout(TarEntry entry, string[] parts)
    {
        ForgetParent();
        if (entry.Length != 0)
        {
            throw Fail("the whiteout has content.");
        }

        _whiteouts++;
        string name = parts[^1];
        var directoryParts = parts.AsSpan(0, parts.Length - 1);
        string directoryPath = string.Join('/', directoryParts.ToArray());
        if (name == OpaqueMarker)
        {
            var directory = ResolveDirectory(directoryParts, create: false);
            if (directory is { } d)
            {
                using (d.Fd)
                {
                    MakeOpaque(d.Fd, d.Node, directoryPath);
                }
            }

            return;
        }

        string target = name[WhiteoutPrefix.Length..];
        if (target is "" or "." or "..")
        {
            throw Fail($"the whiteout names '{target}', which is not a name that can be removed.");
        }

        string targetPath = directoryPath.Length == 0 ? target : directoryPath + "/" + target;
        if (_upperPaths.Contains(targetPath) || _upperAncestors.Contains(targetPath))
        {
            Warn($"whites out '{targetPath}', which this layer wrote; whiteouts hide lower layers only, so it stays.");
            return;
        }

        var parent = ResolveDirectory(directoryParts, create: false);
        if (parent is { } p)
        {
            using (p.Fd)
            {
                RemoveEntry(p.Fd, p.Node, target, targetPath);
                _touchedDirectories.Add(directoryPath);
            }
        }
    }

    /// <summary>Removes every entry of the directory that this layer did not write, at any depth.</summary>
    private void MakeOpaque(SafeFileHandle fd, TreeNode node, string path)
    {
        var names = Libc.ReadDirectoryNames(fd) ?? throw IoFail($"list the directory '{path}'");
        foreach (var modelName in node.Children.Keys)
        {
            if (!names.Contains(modelName))
            {
                names.Add(modelName);
            }
        }

        foreach (var name in names)
        {
            string childPath = path.Length == 0 ? name : path + "/" + name;
            if (_upperAncestors.Contains(childPath) || (_upperPaths.Contains(childPath) && node.GetChild(name) is { IsDirectory: true }))
            {
                using var child = Libc.Own(Libc.OpenAt(fd, name, OpenDirectoryFlags, 0));
                if (child is not null && node.GetChild(name) is { IsDirectory: true } childNode)
                {
                    MakeOpaque(child, childNode, childPath);
                }
            }
            else if (!_upperPaths.Contains(childPath))
            {
                RemoveEntry(fd, node, name, childPath);
            }
        }

        _touchedDirectories.Add(path);
    }
}
