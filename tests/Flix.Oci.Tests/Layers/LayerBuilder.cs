using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace Flix.Oci.Tests.Layers;

/// <summary>Builds a layer's tar stream entry by entry with the BCL's TarWriter (PAX unless told otherwise).</summary>
internal sealed class LayerBuilder
{
    private readonly MemoryStream _stream = new();
    private readonly TarWriter _writer;

    public LayerBuilder(TarEntryFormat format = TarEntryFormat.Pax)
    {
        Format = format;
        _writer = new TarWriter(_stream, format, leaveOpen: true);
    }

    public TarEntryFormat Format { get; }

    public static DateTimeOffset Time { get; } = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    public LayerBuilder File(string name, string content, UnixFileMode mode = (UnixFileMode)0x1A4, int uid = 0, int gid = 0,
        IDictionary<string, string>? pax = null, TarEntryFormat? format = null) =>
        File(name, Encoding.UTF8.GetBytes(content), mode, uid, gid, pax, format);

    public LayerBuilder File(string name, byte[] content, UnixFileMode mode = (UnixFileMode)0x1A4, int uid = 0, int gid = 0,
        IDictionary<string, string>? pax = null, TarEntryFormat? format = null)
    {
        var entry = Create(format ?? Format, TarEntryType.RegularFile, name, pax);
        entry.DataStream = new MemoryStream(content);
        return Add(entry, mode, uid, gid);
    }

    public LayerBuilder Directory(string name, UnixFileMode mode = (UnixFileMode)0x1ED, int uid = 0, int gid = 0,
        IDictionary<string, string>? pax = null) =>
        Add(Create(Format, TarEntryType.Directory, name, pax), mode, uid, gid);

    public LayerBuilder Symlink(string name, string target, TarEntryFormat? format = null)
    {
        var entry = Create(format ?? Format, TarEntryType.SymbolicLink, name, null);
        entry.LinkName = target;
        return Add(entry, (UnixFileMode)0x1FF, 0, 0);
    }

    public LayerBuilder HardLink(string name, string target)
    {
        var entry = Create(Format, TarEntryType.HardLink, name, null);
        entry.LinkName = target;
        return Add(entry, (UnixFileMode)0x1A4, 0, 0);
    }

    public LayerBuilder Device(string name, TarEntryType type, int major, int minor, UnixFileMode mode = (UnixFileMode)0x1B0, int uid = 0, int gid = 6)
    {
        var entry = (PosixTarEntry)Create(Format, type, name, null);
        entry.DeviceMajor = major;
        entry.DeviceMinor = minor;
        return Add(entry, mode, uid, gid);
    }

    public LayerBuilder Fifo(string name) => Add(Create(Format, TarEntryType.Fifo, name, null), (UnixFileMode)0x1A4, 0, 0);

    public LayerBuilder Whiteout(string name) => File(name, Array.Empty<byte>());

    /// <summary>The tar bytes, end-of-archive blocks included.</summary>
    public byte[] ToArray()
    {
        _writer.Dispose();
        return _stream.ToArray();
    }

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    private static TarEntry Create(TarEntryFormat format, TarEntryType type, string name, IDictionary<string, string>? pax) => format switch
    {
        TarEntryFormat.Pax => pax is null ? new PaxTarEntry(type, name) : new PaxTarEntry(type, name, pax),
        TarEntryFormat.Gnu => new GnuTarEntry(type, name),
        TarEntryFormat.Ustar => new UstarTarEntry(type, name),
        _ => new V7TarEntry(type == TarEntryType.RegularFile ? TarEntryType.V7RegularFile : type, name),
    };

    private LayerBuilder Add(TarEntry entry, UnixFileMode mode, int uid, int gid)
    {
        entry.Mode = mode;
        entry.Uid = uid;
        entry.Gid = gid;
        entry.ModificationTime = Time;
        _writer.WriteEntry(entry);
        return this;
    }
}
