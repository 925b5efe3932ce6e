using System.Formats.Tar;
using System.Globalization;
using System.Text;
using Flix.Core.Interop;
using Flix.Core.Tree;
using Microsoft.Win32.SafeHandles;

namespace Flix.Oci.Layers;

/// <summary>Owners, modes, times and extended attributes: read from the entry into the model, then put on disk.</summary>
internal sealed partial class LayerApplySession
{
    /// <summary>PAX records carrying an xattr as raw bytes (star, GNU tar, Docker).</summary>
    private const string SchilyXattrPrefix = "SCHILY.xattr.";

    /// <summary>PAX records carrying an xattr as base64, its name URL-encoded (bsdtar).</summary>
    private const string LibarchiveXattrPrefix = "LIBARCHIVE.xattr.";

    /// <summary>XATTR_SIZE_MAX.</summary>
    private const int MaxXattrValueBytes = 64 * 1024;

    private const int MaxXattrsPerEntry = 1024;

    private void SetModelMetadata(TreeNode node, TarEntry entry)
    {
        node.Mode = (uint)entry.Mode;
        node.Uid = ReadId(entry, "uid", entry.Uid);
        node.Gid = ReadId(entry, "gid", entry.Gid);
        node.ModificationTime = entry.ModificationTime.ToUnixTimeSeconds();
        if (entry is PaxTarEntry pax)
        {
            ReadXattrs(pax, node);
        }
    }

    /// <summary>The owner id, from the PAX record when there is one (it may exceed what the header fields hold).</summary>
    private uint ReadId(TarEntry entry, string key, int headerValue)
    {
        if (entry is PaxTarEntry pax && pax.ExtendedAttributes.TryGetValue(key, out var text))
        {
            if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > uint.MaxValue)
            {
                throw Fail($"the PAX {key} '{text}' is not a 32-bit id.");
            }

            return (uint)value;
        }

        if (headerValue < 0)
        {
            throw Fail($"the {key} {headerValue} is negative.");
        }

        return (uint)headerValue;
    }

    private void ReadXattrs(PaxTarEntry entry, TreeNode node)
    {
        int count = 0;
        foreach (var (key, text) in entry.ExtendedAttributes)
        {
            string name;
            byte[] value;
            if (key.StartsWith(LibarchiveXattrPrefix, StringComparison.Ordinal))
            {
                name = Uri.UnescapeDataString(key[LibarchiveXattrPrefix.Length..]);
                value = DecodeBase64(text, name);
            }
            else if (key.StartsWith(SchilyXattrPrefix, StringComparison.Ordinal))
            {
                name = key[SchilyXattrPrefix.Length..];
                if (entry.ExtendedAttributes.ContainsKey(LibarchiveXattrPrefix + Uri.EscapeDataString(name)))
                {
                    continue; // the base64 form is exact; prefer it
                }

                if (text.Contains('\uFFFD'))
                {
                    // The tar reader decodes PAX values as UTF-8, so bytes that are not UTF-8 are lost by then.
                    Warn($"has the xattr '{name}' with bytes that are not UTF-8, which the tar reader cannot keep; it is dropped.");
                    continue;
                }

                value = Encoding.UTF8.GetBytes(text);
            }
            else
            {
                continue;
            }

            if (name.Length == 0 || name.Contains('\0'))
            {
                throw Fail("an xattr has an empty name or a name with a NUL byte.");
            }

            if (value.Length > MaxXattrValueBytes)
            {
                throw Fail($"the xattr '{name}' has {value.Length} bytes; the limit is {MaxXattrValueBytes}.");
            }

            if (++count > MaxXattrsPerEntry)
            {
                throw Fail($"the entry has more than {MaxXattrsPerEntry} xattrs.");
            }

            if (IsUnsafeXattr(name))
            {
                Warn($"has the xattr '{name}', which would change how the system reads the tree; it is dropped.");
                continue;
            }

            node.ExtendedAttributes[name] = value;
        }
    }

    private byte[] DecodeBase64(string text, string name)
    {
        // bsdtar leaves out the padding.
        string padded = text.Length % 4 == 0 ? text : text + new string('=', 4 - (text.Length % 4));
        try
        {
            return Convert.FromBase64String(padded);
        }
        catch (FormatException e)
        {
            throw new LayerFormatException(_digest, _entryName, $"the xattr '{name}' is not valid base64.", e);
        }
    }

    /// <summary>Overlay's own attributes (they would turn entries into whiteouts or redirects) and SELinux labels.</summary>
    private static bool IsUnsafeXattr(string name) =>
        name.StartsWith("trusted.overlay.", StringComparison.Ordinal)
        || name.StartsWith("user.overlay.", StringComparison.Ordinal)
        || name == "security.selinux";

    /// <summary>What an entry was created with and need not be set again.</summary>
    [Flags]
    private enum Settled
    {
        None = 0,

        /// <summary>The caller's uid and gid: made in a plain directory, which has no set-group-id bit.</summary>
        Owner = 1,

        /// <summary>The mode on disk: asked for at creation and untouched by the umask.</summary>
        Mode = 2,
    }

    /// <summary>Permission and set-id bits (07777).</summary>
    private const uint PermissionMask = 0xFFF;

    /// <summary>Set-user-id, set-group-id and sticky (07000): creation may drop them, so they are always set after.</summary>
    private const uint SpecialModeBits = 0xE00;

    private const uint SetGroupIdBit = 0x400;

    /// <summary>
    /// Puts the model's metadata on the entry <paramref name="name"/> of <paramref name="parentFd"/>: owner, xattrs,
    /// mode (never on a symlink), then time (a directory's again when the layer ends). What the entry was created
    /// with (<paramref name="settled"/>) is not set again.
    /// </summary>
    private unsafe void ApplyDiskMetadata(SafeFileHandle parentFd, string name, TreeNode node, string path, Settled settled)
    {
        if (_options.Privileged && !(settled.HasFlag(Settled.Owner) && node.Uid == _euid && node.Gid == _egid))
        {
            Check(Libc.FChOwnAt(parentFd, name, node.Uid, node.Gid, Libc.AtSymlinkNoFollow), "set the owner");
        }

        if (node.ExtendedAttributes.Count > 0)
        {
            // An xattr may be a default ACL, which changes the modes of what is made inside.
            _plainDirectories.Remove(path);

            // The descriptor's /proc link names the parent itself; the last component is not followed (lsetxattr).
            string procPath = $"/proc/self/fd/{parentFd.DangerousGetHandle()}/{name}";
            foreach (var (xattr, value) in node.ExtendedAttributes)
            {
                fixed (byte* v = value)
                {
                    if (Libc.LSetXattr(procPath, xattr, v, (nuint)value.Length, 0) != 0)
                    {
                        Warn($"has the xattr '{xattr}', which could not be set on disk ({Libc.LastErrorText()}); the model keeps it.");
                    }
                }
            }
        }

        if (node.Kind != EntryKind.Symlink)
        {
            uint mode = DiskMode(node.IsDirectory, node.Mode);
            if ((mode & SetGroupIdBit) != 0)
            {
                // Entries made inside take its group.
                _plainDirectories.Remove(path);
            }

            if (!settled.HasFlag(Settled.Mode) || node.ExtendedAttributes.Count > 0)
            {
                Check(Libc.FChModAt(parentFd, name, mode, Libc.AtSymlinkNoFollow), "set the mode");
            }
        }

        if (!node.IsDirectory)
        {
            Check(Libc.SetTimesAt(parentFd, name, node.ModificationTime), "set the time");
        }
        else
        {
            _touchedDirectories.Add(path);
        }
    }

    /// <summary>The mode an entry gets on disk.</summary>
    private uint DiskMode(bool isDirectory, uint mode)
    {
        if (!_options.Privileged)
        {
            // The caller must still be able to add entries, read contents and remove things later.
            mode |= isDirectory ? 0x1C0u : 0x180u;
        }

        return mode;
    }

    /// <summary>Whether open or mkdir with <paramref name="mode"/> gives exactly that mode: no special bits, nothing the umask takes.</summary>
    private bool CreatesExactly(uint mode) =>
        _umask is { } umask && (mode & ~PermissionMask) == 0 && (mode & SpecialModeBits) == 0 && (mode & umask) == 0;

    private static Settled NewEntrySettled(bool parentPlain, bool modeAtCreation) =>
        (parentPlain ? Settled.Owner : Settled.None) | (modeAtCreation ? Settled.Mode : Settled.None);

    /// <summary>The process umask, from /proc/self/status (reading it with umask(2) would change it for every thread); null when unknown.</summary>
    private static uint? ReadUmask()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("Umask:", StringComparison.Ordinal))
                {
                    string text = line["Umask:".Length..].Trim();
                    uint value = 0;
                    foreach (char c in text)
                    {
                        if (c is < '0' or > '7')
                        {
                            return null;
                        }

                        value = (value * 8) + (uint)(c - '0');
                    }

                    return text.Length > 0 && value <= 0x1FF ? value : null;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }

    /// <summary>Removes the xattrs a lower layer gave an existing directory: the new entry's replace them all.</summary>
    private unsafe void RemoveDiskXattrs(SafeFileHandle parentFd, string name)
    {
        string procPath = $"/proc/self/fd/{parentFd.DangerousGetHandle()}/{name}";
        nint size = Libc.LListXattr(procPath, null, 0);
        if (size <= 0)
        {
            return;
        }

        var names = new byte[size];
        fixed (byte* p = names)
        {
            size = Libc.LListXattr(procPath, p, (nuint)names.Length);
        }

        foreach (var xattr in Encoding.UTF8.GetString(names, 0, (int)Math.Max(size, 0)).Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            if (Libc.LRemoveXattr(procPath, xattr) != 0)
            {
                Warn($"keeps the xattr '{xattr}' of a lower layer on disk ({Libc.LastErrorText()}); the model drops it.");
            }
        }
    }

    /// <summary>Sets the time of every directory this layer changed to the model's, deepest first.</summary>
    private void RestoreDirectoryTimes()
    {
        foreach (var path in _touchedDirectories.OrderByDescending(p => p.Length))
        {
            var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0)
            {
                Check(Libc.SetTimesAt(_rootFd, ".", _model.Root.ModificationTime), "set the time of the root");
                continue;
            }

            var parent = ResolveDirectory(parts.AsSpan(0, parts.Length - 1), create: false);
            if (parent is not { } p)
            {
                continue;
            }

            using (p.Fd)
            {
                if (p.Node.GetChild(parts[^1]) is { IsDirectory: true } node && StatAt(p.Fd, parts[^1]) is { } stat
                    && (stat.Mode & Libc.FileTypeMask) == Libc.FileTypeDirectory)
                {
                    Check(Libc.SetTimesAt(p.Fd, parts[^1], node.ModificationTime), $"set the time of '{path}'");
                }
            }
        }
    }

    /// <summary>
    /// A removed name may have been the one a shared (hard-linked) node's content pointed at: point such content
    /// at a name that still holds the node.
    /// </summary>
    private void RepointHardLinkContents()
    {
        string prefix = DiskPath(string.Empty);
        var firstPaths = new Dictionary<TreeNode, string>(ReferenceEqualityComparer.Instance);
        var stale = new List<TreeNode>();
        foreach (var (path, node) in _model.Walk())
        {
            if (node.Kind != EntryKind.RegularFile)
            {
                continue;
            }

            firstPaths.TryAdd(node, path);
            if (node.Content is DiskFileContent disk && disk.Path.StartsWith(prefix, StringComparison.Ordinal)
                && !ReferenceEquals(_model.Find(disk.Path[prefix.Length..]), node))
            {
                stale.Add(node);
            }
        }

        foreach (var node in stale)
        {
            node.ReplaceContent(new DiskFileContent(DiskPath(firstPaths[node]), node.Content!.Length));
        }
    }
}
