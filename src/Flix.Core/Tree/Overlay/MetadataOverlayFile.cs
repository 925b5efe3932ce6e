using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Flix.Core.IO;
using Flix.Core.Interop;
using Microsoft.Win32.SafeHandles;

namespace Flix.Core.Tree.Overlay;

/// <summary>
/// Where and how a <see cref="MetadataOverlay"/> is kept: beside the root directory ROOT as ROOT.flix-overlay.json,
/// bound to that directory by its device and inode, so a file left beside another tree of the same name is ignored.
/// </summary>
public static class MetadataOverlayFile
{
    public const string Suffix = ".flix-overlay.json";

    private const string FormatName = "flix-metadata-overlay/1";

    /// <summary>The largest overlay file read: room for millions of entries, far below memory limits.</summary>
    public const long MaxBytes = 256L * 1024 * 1024;

    /// <summary>The overlay file's path for the root directory <paramref name="rootDirectory"/>.</summary>
    public static string PathFor(string rootDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootDirectory);
        string root = Path.GetFullPath(rootDirectory).TrimEnd('/');
        if (root.Length == 0)
        {
            throw new ArgumentException("The root directory '/' has no place beside it for an overlay.", nameof(rootDirectory));
        }

        return root + Suffix;
    }

    /// <summary>Writes <paramref name="overlay"/> beside <paramref name="rootDirectory"/> (temporary file + rename).</summary>
    public static string Write(string rootDirectory, MetadataOverlay overlay)
    {
        ArgumentNullException.ThrowIfNull(overlay);
        string path = PathFor(rootDirectory);
        var document = new MetadataOverlayDocument
        {
            Format = FormatName,
            Root = Identity(rootDirectory),
            Entries = overlay.Entries.Select(e => new MetadataOverlayEntryDocument
            {
                Path = e.Path,
                Image = ToDocument(e.Image),
                Disk = ToDocument(e.Disk),
            }).ToArray(),
        };

        AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, document, MetadataOverlayJsonContext.Default.MetadataOverlayDocument));
        return path;
    }

    /// <summary>Removes an overlay file left beside <paramref name="rootDirectory"/>, if any.</summary>
    public static void Delete(string rootDirectory)
    {
        string path = PathFor(rootDirectory);
        if (File.Exists(path) && new FileInfo(path).LinkTarget is null)
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// The overlay kept beside <paramref name="rootDirectory"/>; null when there is none, or when it was made for
    /// another directory than the one now at that path.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is there but is not an overlay Flix can read; the message names it.</exception>
    public static MetadataOverlay? TryRead(string rootDirectory)
    {
        string path = PathFor(rootDirectory);
        MetadataOverlayDocument? document;
        using (var stream = OpenRegularFile(path))
        {
            if (stream is null)
            {
                return null;
            }

            if (stream.Length > MaxBytes)
            {
                throw new InvalidDataException($"The metadata overlay '{path}' is {stream.Length} bytes; Flix reads at most {MaxBytes} bytes of it.");
            }

            try
            {
                document = JsonSerializer.Deserialize(stream, MetadataOverlayJsonContext.Default.MetadataOverlayDocument);
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"The metadata overlay '{path}' is not valid JSON: {e.Message}", e);
            }
        }

        if (document is null || document.Format != FormatName || document.Entries is null
            || document.Entries.Any(e => e is null || e.Path is null || e.Image is null || e.Disk is null))
        {
            throw new InvalidDataException($"The metadata overlay '{path}' is not a '{FormatName}' document (format '{document?.Format}', or entries without path, image or disk).");
        }

        if (document.Root != Identity(rootDirectory))
        {
            return null;
        }

        if (document.Entries.FirstOrDefault(e => !IsEntryPath(e.Path)) is { } bad)
        {
            throw new InvalidDataException(
                $"The metadata overlay '{path}' has an entry '{bad.Path}', which is not a path below the root (empty, '.' or '..' parts, or a part too long).");
        }

        var entries = document.Entries.Select(e => new MetadataOverlayEntry(
            e.Path, FromDocument(e.Image, path, e.Path), FromDocument(e.Disk, path, e.Path))).ToArray();
        return new MetadataOverlay(entries);
    }

    /// <summary>
    /// The overlay file opened for reading, or null when there is none; a symlink, a fifo, a device or a folder in its
    /// place is an error naming it (never followed, never blocked on).
    /// </summary>
    private static FileStream? OpenRegularFile(string path)
    {
        int fd = Libc.Open(path, Libc.ORdOnly | Libc.ONoFollow | Libc.ONonBlock | Libc.OCloExec, 0);
        if (fd < 0)
        {
            int error = Marshal.GetLastPInvokeError();
            return error == Libc.ENOENT
                ? null
                : throw new InvalidDataException(error == Libc.ELOOP
                    ? $"The metadata overlay '{path}' is a symlink; Flix reads it only as a regular file."
                    : $"Cannot open the metadata overlay '{path}': {Marshal.GetPInvokeErrorMessage(error)}.");
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        if (Libc.StatxAt(handle, string.Empty, Libc.AtEmptyPath, Libc.StatxBasicStats, out var stat) != 0
            || (stat.Mode & Libc.FileTypeMask) != Libc.FileTypeRegular)
        {
            handle.Dispose();
            throw new InvalidDataException($"The metadata overlay '{path}' is not a regular file.");
        }

        return new FileStream(handle, FileAccess.Read);
    }

    /// <summary>Whether an entry path names something below the root: "" (the root) or '/'-separated valid names.</summary>
    private static bool IsEntryPath(string path)
    {
        if (path.Length == 0)
        {
            return true;
        }

        foreach (var part in path.Split('/'))
        {
            if (part.Length == 0 || part is "." or ".." || part.Contains('\0', StringComparison.Ordinal)
                || System.Text.Encoding.UTF8.GetByteCount(part) > TreeNode.MaxNameBytes)
            {
                return false;
            }
        }

        return true;
    }

    private static string Identity(string rootDirectory)
    {
        if (Libc.Statx(Libc.AtFdCwd, rootDirectory, 0, Libc.StatxBasicStats, out var stat) != 0)
        {
            throw new IOException($"Cannot stat '{rootDirectory}': {Libc.LastErrorText()}.");
        }

        return string.Create(CultureInfo.InvariantCulture, $"{stat.DevMajor}:{stat.DevMinor}:{stat.Ino}");
    }

    private static NodeMetadataDocument ToDocument(NodeMetadata metadata) => new()
    {
        Type = KindName(metadata.Kind),
        Mode = Convert.ToString(metadata.Mode, 8),
        Uid = metadata.Uid,
        Gid = metadata.Gid,
        Major = metadata.DeviceMajor,
        Minor = metadata.DeviceMinor,
        Xattrs = metadata.ExtendedAttributes.Count == 0
            ? null
            : metadata.ExtendedAttributes.ToDictionary(a => a.Key, a => Convert.ToBase64String(a.Value), StringComparer.Ordinal),
    };

    private static NodeMetadata FromDocument(NodeMetadataDocument document, string file, string entry)
    {
        uint mode;
        try
        {
            mode = Convert.ToUInt32(document.Mode, 8);
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            throw new InvalidDataException($"The metadata overlay '{file}' gives '{entry}' the mode '{document.Mode}', which is not octal.", e);
        }

        var attributes = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (name, value) in document.Xattrs ?? new Dictionary<string, string>())
        {
            try
            {
                attributes[name] = Convert.FromBase64String(value);
            }
            catch (FormatException e)
            {
                throw new InvalidDataException($"The metadata overlay '{file}' gives '{entry}' the xattr '{name}' a value that is not base64.", e);
            }
        }

        return new NodeMetadata
        {
            Kind = KindFromName(document.Type, file, entry),
            Mode = mode & TreeNode.PermissionMask,
            Uid = document.Uid,
            Gid = document.Gid,
            DeviceMajor = document.Major,
            DeviceMinor = document.Minor,
            ExtendedAttributes = attributes,
        };
    }

    private static string KindName(EntryKind kind) => kind switch
    {
        EntryKind.Directory => "directory",
        EntryKind.RegularFile => "file",
        EntryKind.Symlink => "symlink",
        EntryKind.CharacterDevice => "char",
        EntryKind.BlockDevice => "block",
        EntryKind.Fifo => "fifo",
        EntryKind.Socket => "socket",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown entry kind."),
    };

    private static EntryKind KindFromName(string name, string file, string entry) => name switch
    {
        "directory" => EntryKind.Directory,
        "file" => EntryKind.RegularFile,
        "symlink" => EntryKind.Symlink,
        "char" => EntryKind.CharacterDevice,
        "block" => EntryKind.BlockDevice,
        "fifo" => EntryKind.Fifo,
        "socket" => EntryKind.Socket,
        _ => throw new InvalidDataException($"The metadata overlay '{file}' gives '{entry}' the unknown type '{name}'."),
    };
}
