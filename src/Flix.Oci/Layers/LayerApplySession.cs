using System.Formats.Tar;
using System.Text;
using Flix.Core.Interop;
using Flix.Core.IO;
using Flix.Core.Tree;
using Microsoft.Win32.SafeHandles;

namespace Flix.Oci.Layers;

/// <summary>The state of one <see cref="LayerApplier.ApplyAsync"/> call: one layer onto one root and model.</summary>
internal sealed partial class LayerApplySession
{
    private const string WhiteoutPrefix = ".wh.";
    private const string OpaqueMarker = ".wh..wh..opq";
    private const int CopyBufferSize = 1024 * 1024;

    private readonly string _digest;
    private readonly string _root;
    private readonly SafeFileHandle _rootFd;
    private readonly FileTree _model;
    private readonly LayerApplyOptions _options;
    private readonly List<string> _warnings = [];

    /// <summary>Paths this layer wrote: whiteouts and opaque markers leave them alone.</summary>
    private readonly HashSet<string> _upperPaths = new(StringComparer.Ordinal);

    /// <summary>Directories above the paths this layer wrote.</summary>
    private readonly HashSet<string> _upperAncestors = new(StringComparer.Ordinal);

    /// <summary>Directories whose time on disk changed, set back to the model's when the layer ends ("" is the root).</summary>
    private readonly HashSet<string> _touchedDirectories = new(StringComparer.Ordinal);

    private string? _entryName;
    private int _entries;
    private int _whiteouts;
    private long _bytes;

    /// <summary>A file with other hard links was removed: some model content may point at a name that is gone.</summary>
    private bool _hardLinkContentStale;

    /// <summary>False once openat2 answered ENOSYS (a kernel before 5.6): only the component walk is used.</summary>
    private bool _openAt2Usable = true;

    /// <summary>One buffer for every file's content, made on the first file.</summary>
    private byte[]? _copyBuffer;

    private readonly uint _euid = Libc.GetEUid();
    private readonly uint _egid = Libc.GetEGid();
    private readonly uint? _umask = ReadUmask();

    /// <summary>
    /// Directories this layer made ("" is a root that was empty, without xattrs) with no set-group-id bit and no xattrs, inside
    /// plain ones: all they hold is what this layer wrote, and what is made in them gets the caller's owner and
    /// the mode asked for less the umask. Emptied when anything is removed.
    /// </summary>
    private readonly HashSet<string> _plainDirectories = new(StringComparer.Ordinal);

    public LayerApplySession(string digest, string root, SafeFileHandle rootFd, FileTree model, LayerApplyOptions options)
    {
        _digest = digest;
        _root = root;
        _rootFd = rootFd;
        _model = model;
        _options = options;
        if (Libc.ReadDirectoryNames(rootFd) is { Count: 0 } && HasNoXattrs(root) && (File.GetUnixFileMode(root) & UnixFileMode.SetGroup) == 0)
        {
            _plainDirectories.Add(string.Empty);
        }
    }

    public LayerApplyResult Result() => new()
    {
        Entries = _entries,
        Bytes = _bytes,
        Whiteouts = _whiteouts,
        Warnings = _warnings.ToArray(),
    };

    public async Task RunAsync(Stream layer, CancellationToken ct)
    {
        var tar = new TarEndStream(layer);
        long dataEnd = 0;
        try
        {
            var reader = new TarReader(tar, leaveOpen: true);
            await using (reader.ConfigureAwait(false))
            {
                while (await NextEntryAsync(reader, ct).ConfigureAwait(false) is { } entry)
                {
                    ct.ThrowIfCancellationRequested();
                    if (entry.EntryType == TarEntryType.GlobalExtendedAttributes)
                    {
                        continue;
                    }

                    _entryName = entry.Name;
                    // The reader stops after the headers: the entry's data and its padding come next.
                    dataEnd = tar.Consumed + ((entry.Length + 511) & ~511L);
                    if (++_entries > _options.MaxEntries)
                    {
                        throw Fail($"the layer has more than {_options.MaxEntries} entries, the limit.");
                    }

                    ApplyEntry(entry, ct);
                }
            }

            ForgetParent();
            if (dataEnd > tar.DataLength)
            {
                throw Fail($"the layer's tar data ends at byte {tar.DataLength}, inside this entry's data (up to byte {dataEnd}): the layer is truncated.");
            }

            // Read to the end: the padding after the end-of-archive blocks is part of the layer, and only the
            // end of the stream proves the compression intact (gzip CRC, last zstd frame). The cap still applies.
            _entryName = null;
            await tar.CopyToAsync(Stream.Null, ct).ConfigureAwait(false);
            RestoreDirectoryTimes();
            if (_hardLinkContentStale)
            {
                RepointHardLinkContents();
            }
        }
        catch (LayerFormatException e) when (e.EntryName is null && _entryName is not null)
        {
            throw new LayerFormatException(_digest, _entryName, e.Detail, e);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw new LayerFormatException(_digest, _entryName, $"the layer data is malformed: {e.Message}", e);
        }
        finally
        {
            ForgetParent();
        }
    }

    private async Task<TarEntry?> NextEntryAsync(TarReader reader, CancellationToken ct)
    {
        try
        {
            return await reader.GetNextEntryAsync(copyData: false, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException or InvalidDataException or EndOfStreamException
            or InvalidOperationException /* an extended header larger than the reader accepts */)
        {
            string where = _entryName is null ? "the first tar header" : "the data after this entry";
            throw new LayerFormatException(_digest, _entryName, $"{where} cannot be read: {e.Message}", e);
        }
    }

    private void ApplyEntry(TarEntry entry, CancellationToken ct)
    {
        var parts = CleanName(entry.Name, "name");
        if (parts.Length == 0)
        {
            ApplyRootEntry(entry);
            return;
        }

        if (parts[^1].StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
        {
            ApplyWhiteout(entry, parts);
            return;
        }

        switch (entry.EntryType)
        {
            case TarEntryType.HardLink:
                ApplyHardLink(entry, parts);
                break;
            case TarEntryType.Directory:
            case TarEntryType.RegularFile:
            case TarEntryType.V7RegularFile:
            case TarEntryType.ContiguousFile:
            case TarEntryType.SymbolicLink:
            case TarEntryType.CharacterDevice:
            case TarEntryType.BlockDevice:
            case TarEntryType.Fifo:
                ApplyObject(entry, parts, ct);
                break;
            default:
                throw Fail($"the entry type {entry.EntryType} is not supported in a layer.");
        }
    }

    /// <summary>"./" or "/": only a directory may describe the root, and it only changes its metadata.</summary>
    private void ApplyRootEntry(TarEntry entry)
    {
        if (entry.EntryType != TarEntryType.Directory)
        {
            throw Fail($"the entry names the root itself as a {entry.EntryType}; only a directory may.");
        }

        var node = _model.Root;
        SetModelMetadata(node, entry);
        ApplyDiskMetadata(_rootFd, ".", node, string.Empty, Settled.None);
        _touchedDirectories.Add(string.Empty);
    }

    /// <summary>
    /// Creates the entry in its parent. In a directory this layer made (<see cref="_plainDirectories"/>) a name
    /// this layer has not written cannot exist yet, so it is created without a look first; the owner and mode it
    /// is created with are then known and not set again.
    /// </summary>
    private void ApplyObject(TarEntry entry, string[] parts, CancellationToken ct)
    {
        string path = string.Join('/', parts);
        string name = parts[^1];
        var kind = KindOf(entry.EntryType);
        string? linkTarget = kind == EntryKind.Symlink ? CheckSymlinkTarget(entry.LinkName) : null;
        if (kind == EntryKind.RegularFile)
        {
            CheckContentSize(entry.Length);
        }

        var (parentFd, parentNode, parentPath) = ResolveParent(parts);
        bool parentPlain = _plainDirectories.Contains(parentPath);
        TreeNode? node = null;
        var existing = parentPlain && !_upperPaths.Contains(path) && !_upperAncestors.Contains(path) ? null : StatAt(parentFd, name);
        if (existing is { } stat)
        {
            if (kind == EntryKind.Directory && (stat.Mode & Libc.FileTypeMask) == Libc.FileTypeDirectory)
            {
                node = parentNode.GetChild(name) is { IsDirectory: true } kept ? kept : null;
                if (node is null)
                {
                    node = TreeNode.CreateDirectory();
                    parentNode.SetChild(name, node);
                }
            }
            else
            {
                RemoveEntry(parentFd, parentNode, name, path, stat);
            }
        }
        else
        {
            parentNode.RemoveChild(name);
        }

        // A new entry in a plain directory gets the caller's owner and (without special bits) the mode asked for
        // less the umask; anything else has both set after.
        var settled = Settled.None;
        uint diskMode = DiskMode(kind == EntryKind.Directory, (uint)entry.Mode);
        bool modeAtCreation = parentPlain && CreatesExactly(diskMode);
        switch (kind)
        {
            case EntryKind.Directory:
                if (node is null)
                {
                    Check(Libc.MkDirAt(parentFd, name, modeAtCreation ? diskMode : 0x1C0 /* 0700 until its mode is set */), "create the directory");
                    node = TreeNode.CreateDirectory();
                    settled = NewEntrySettled(parentPlain, modeAtCreation);
                    if (parentPlain)
                    {
                        _plainDirectories.Add(path);
                    }
                }
                else
                {
                    RemoveDiskXattrs(parentFd, name);
                }

                node.ExtendedAttributes.Clear();
                _touchedDirectories.Add(path);
                break;
            case EntryKind.RegularFile:
                long length = WriteFile(parentFd, name, entry, modeAtCreation ? diskMode : 0x180 /* 0600 */, ct);
                node = TreeNode.CreateFile(new DiskFileContent(DiskPath(path), length));
                settled = NewEntrySettled(parentPlain, modeAtCreation);
                break;
            case EntryKind.Symlink:
                Check(Libc.SymlinkAt(linkTarget!, parentFd, name), "create the symlink");
                node = TreeNode.CreateSymlink(linkTarget!);
                settled = NewEntrySettled(parentPlain, modeAtCreation: false);
                break;
            case EntryKind.CharacterDevice:
            case EntryKind.BlockDevice:
                var posix = (PosixTarEntry)entry; // V7 headers have no device entries
                node = TreeNode.CreateDevice(kind, (uint)posix.DeviceMajor, (uint)posix.DeviceMinor);
                CreateDevice(parentFd, name, node);
                break;
            case EntryKind.Fifo:
                Check(Libc.MkNodAt(parentFd, name, Libc.FileTypeFifo | 0x180, 0), "create the fifo");
                node = TreeNode.CreateSpecial(EntryKind.Fifo);
                break;
        }

        SetModelMetadata(node!, entry);
        parentNode.SetChild(name, node!);
        ApplyDiskMetadata(parentFd, name, node!, path, settled);
        MarkWritten(parts);
    }

    private void CreateDevice(SafeFileHandle parentFd, string name, TreeNode node)
    {
        if (_options.Privileged)
        {
            uint type = node.Kind == EntryKind.CharacterDevice ? Libc.FileTypeCharacterDevice : Libc.FileTypeBlockDevice;
            Check(Libc.MkNodAt(parentFd, name, type | 0x180, Libc.MakeDev(node.DeviceMajor, node.DeviceMinor)), "create the device node");
            return;
        }

        // Only root may create device nodes: an empty file holds the place; the model keeps the device.
        using var placeholder = Libc.Own(Libc.OpenAt(
            parentFd, name, Libc.OWrOnly | Libc.OCreat | Libc.OExcl | Libc.ONoFollow | Libc.OCloExec, 0x180));
        if (placeholder is null)
        {
            throw IoFail("create the placeholder of the device node");
        }

        Warn($"is a {(node.Kind == EntryKind.CharacterDevice ? "character" : "block")} device {node.DeviceMajor}:{node.DeviceMinor}; "
            + "without privileges it is an empty file on disk and a device in the model only.");
    }

    /// <summary>
    /// Creates the file and copies the entry's content into it with large synchronous writes: unpacking is bound
    /// by the CPU and the file system, and an await per chunk would only move the work between threads.
    /// </summary>
    private long WriteFile(SafeFileHandle parentFd, string name, TarEntry entry, uint mode, CancellationToken ct)
    {
        using var fd = Libc.Own(Libc.OpenAt(
            parentFd, name, Libc.OWrOnly | Libc.OCreat | Libc.OExcl | Libc.ONoFollow | Libc.OCloExec, mode))
            ?? throw IoFail("create the file");
        long expected = entry.Length;
        long written = 0;
        try
        {
            if (entry.DataStream is { } data && expected > 0)
            {
                var buffer = _copyBuffer ??= new byte[CopyBufferSize];
                while (written < expected)
                {
                    ct.ThrowIfCancellationRequested();
                    int filled = FillBuffer(data, buffer.AsSpan(0, (int)Math.Min(buffer.Length, expected - written)));
                    if (filled == 0)
                    {
                        break;
                    }

                    RandomAccess.Write(fd, buffer.AsSpan(0, filled), written);
                    written += filled;
                }
            }

            if (written != expected)
            {
                throw Fail($"the layer ends after {written} of the entry's {expected} bytes.");
            }
        }
        catch
        {
            // No complete-looking partial file is left behind.
            Libc.UnlinkAt(parentFd, name, 0);
            throw;
        }

        _bytes += written;
        return written;
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the data ends, so each write is as large as it can be.</summary>
    private static int FillBuffer(Stream data, Span<byte> buffer)
    {
        int filled = 0;
        while (filled < buffer.Length)
        {
            int read = data.Read(buffer[filled..]);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return filled;
    }

    private void CheckContentSize(long length)
    {
        if (length < 0 || length > _options.MaxEntrySize)
        {
            throw Fail($"the entry claims {length} bytes; the limit for one entry is {_options.MaxEntrySize}.");
        }

        if (_bytes + length > _options.MaxTotalSize)
        {
            throw Fail($"the layer's files add up to more than {_options.MaxTotalSize} bytes, the limit.");
        }
    }

    private string CheckSymlinkTarget(string target)
    {
        if (string.IsNullOrEmpty(target))
        {
            throw Fail("the symlink has an empty target.");
        }

        if (target.Contains('\0'))
        {
            throw Fail("the symlink target contains a NUL byte.");
        }

        if (Encoding.UTF8.GetByteCount(target) > _options.MaxPathLength)
        {
            throw Fail($"the symlink target is longer than {_options.MaxPathLength} bytes.");
        }

        return target;
    }

    private static EntryKind KindOf(TarEntryType type) => type switch
    {
        TarEntryType.Directory => EntryKind.Directory,
        TarEntryType.SymbolicLink => EntryKind.Symlink,
        TarEntryType.CharacterDevice => EntryKind.CharacterDevice,
        TarEntryType.BlockDevice => EntryKind.BlockDevice,
        TarEntryType.Fifo => EntryKind.Fifo,
        _ => EntryKind.RegularFile,
    };

    /// <summary>Records <paramref name="parts"/> as written by this layer, its parents as above what it wrote.</summary>
    private void MarkWritten(string[] parts)
    {
        string path = parts[0];
        for (int i = 1; i < parts.Length; i++)
        {
            _upperAncestors.Add(path);
            path += "/" + parts[i];
        }

        _upperPaths.Add(path);
        _touchedDirectories.Add(string.Join('/', parts, 0, parts.Length - 1));
    }

    /// <summary>The absolute path on disk of a path below the root.</summary>
    private string DiskPath(string path) => _root == "/" ? "/" + path : _root + "/" + path;

    private void Warn(string text) => _warnings.Add($"Layer {_digest}, entry '{LayerFormatException.Printable(_entryName ?? string.Empty)}' {text}");

    private LayerFormatException Fail(string detail) => new(_digest, _entryName, detail);

    private IOException IoFail(string what) =>
        new($"Layer {_digest}, entry '{LayerFormatException.Printable(_entryName ?? string.Empty)}': cannot {what}: {Libc.LastErrorText()}.");

    private void Check(int result, string what)
    {
        if (result != 0)
        {
            throw IoFail(what);
        }
    }
}
