using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Flix.TestSupport.Oci;

/// <summary>
/// Writes <see cref="LayerEntry"/> lists as a POSIX (ustar + PAX) tar, deterministically: the same entries
/// give the same bytes. PAX records carry long names, large ids and sizes, and <c>SCHILY.xattr.*</c>.
/// </summary>
public static class LayerTarWriter
{
    /// <summary>The tar of <paramref name="entries"/> as bytes.</summary>
    public static byte[] ToArray(IEnumerable<LayerEntry> entries)
    {
        using var buffer = new MemoryStream();
        Write(entries, buffer);
        return buffer.ToArray();
    }

    /// <summary>Writes <paramref name="entries"/> and the end-of-archive marker to <paramref name="output"/>.</summary>
    public static void Write(IEnumerable<LayerEntry> entries, Stream output, bool endOfArchive = true)
    {
        foreach (var entry in entries)
        {
            if (entry.RawHeader is { } raw)
            {
                WriteRaw(raw, output);
            }
            else
            {
                WriteEntry(entry, output);
            }
        }

        if (endOfArchive)
        {
            output.Write(new byte[2 * UstarLayout.BlockSize]);
        }
    }

    private static void WriteEntry(LayerEntry entry, Stream output)
    {
        byte[] name = Encoding.UTF8.GetBytes(entry.Name);
        byte[] linkName = Encoding.UTF8.GetBytes(entry.LinkTarget ?? string.Empty);
        long size = entry.Kind == LayerEntryKind.File ? entry.Content.Length : 0;
        long mtime = entry.ModificationTime.ToUnixTimeSeconds();

        var pax = new List<(string Key, byte[] Value)>();
        if (name.Length > UstarLayout.NameLength)
        {
            pax.Add(("path", name));
        }

        if (linkName.Length > UstarLayout.LinkNameLength)
        {
            pax.Add(("linkpath", linkName));
        }

        if (entry.Uid < 0 || entry.Uid > UstarLayout.OctalLimit(UstarLayout.UidLength))
        {
            pax.Add(("uid", Ascii(entry.Uid)));
        }

        if (entry.Gid < 0 || entry.Gid > UstarLayout.OctalLimit(UstarLayout.GidLength))
        {
            pax.Add(("gid", Ascii(entry.Gid)));
        }

        if (mtime < 0 || mtime > UstarLayout.OctalLimit(UstarLayout.MTimeLength))
        {
            pax.Add(("mtime", Ascii(mtime)));
        }

        foreach (var (key, value) in entry.Xattrs.OrderBy(x => x.Key, StringComparer.Ordinal))
        {
            pax.Add(("SCHILY.xattr." + key, value));
        }

        if (pax.Count > 0)
        {
            byte[] records = PaxRecords(pax);
            string baseName = Path.GetFileName(entry.Name.TrimEnd('/'));
            byte[] paxName = Encoding.UTF8.GetBytes("PaxHeaders/" + baseName);
            var paxHeader = Header(Truncate(paxName, UstarLayout.NameLength), (byte)'x', [], 0b110_100_100, 0, 0, records.Length, mtime, 0, 0, []);
            output.Write(paxHeader);
            WriteBody(records, output);
        }

        var header = Header(
            Truncate(name, UstarLayout.NameLength),
            (byte)entry.Kind,
            Truncate(linkName, UstarLayout.LinkNameLength),
            entry.Mode,
            Clamp(entry.Uid, UstarLayout.UidLength),
            Clamp(entry.Gid, UstarLayout.GidLength),
            size,
            Clamp(mtime, UstarLayout.MTimeLength),
            entry.DeviceMajor,
            entry.DeviceMinor,
            []);
        output.Write(header);
        if (size > 0)
        {
            WriteBody(entry.Content, output);
        }
    }

    private static void WriteRaw(RawTarHeader raw, Stream output)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(raw.Name.Length, UstarLayout.NameLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(raw.LinkName.Length, UstarLayout.LinkNameLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(raw.Prefix.Length, UstarLayout.PrefixLength);
        var header = Header(raw.Name, raw.TypeFlag, raw.LinkName, raw.Mode, raw.Uid, raw.Gid,
            raw.DeclaredSize ?? raw.Data.Length, raw.ModificationTime, 0, 0, raw.Prefix);
        if (!raw.ValidChecksum)
        {
            "9999999\0"u8.CopyTo(header.AsSpan(UstarLayout.Checksum, UstarLayout.ChecksumLength));
        }

        output.Write(header);
        WriteBody(raw.Data, output);
    }

    private static byte[] Header(
        ReadOnlySpan<byte> name, byte typeFlag, ReadOnlySpan<byte> linkName, int mode, long uid, long gid,
        long size, long mtime, int devMajor, int devMinor, ReadOnlySpan<byte> prefix)
    {
        var block = new byte[UstarLayout.BlockSize];
        var span = block.AsSpan();
        name.CopyTo(span.Slice(UstarLayout.Name, UstarLayout.NameLength));
        Octal(span.Slice(UstarLayout.Mode, UstarLayout.ModeLength), mode & 0b111_111_111_111);
        Octal(span.Slice(UstarLayout.Uid, UstarLayout.UidLength), uid);
        Octal(span.Slice(UstarLayout.Gid, UstarLayout.GidLength), gid);
        Number(span.Slice(UstarLayout.Size, UstarLayout.SizeLength), size);
        Octal(span.Slice(UstarLayout.MTime, UstarLayout.MTimeLength), mtime);
        span[UstarLayout.TypeFlag] = typeFlag;
        linkName.CopyTo(span.Slice(UstarLayout.LinkName, UstarLayout.LinkNameLength));
        UstarLayout.MagicAndVersion.CopyTo(span.Slice(UstarLayout.Magic, UstarLayout.MagicLength + UstarLayout.VersionLength));
        Octal(span.Slice(UstarLayout.DevMajor, UstarLayout.DevMajorLength), devMajor);
        Octal(span.Slice(UstarLayout.DevMinor, UstarLayout.DevMinorLength), devMinor);
        prefix.CopyTo(span.Slice(UstarLayout.Prefix, UstarLayout.PrefixLength));

        // The checksum is the byte sum with its own field read as spaces; written as 6 digits, NUL, space.
        var checksumField = span.Slice(UstarLayout.Checksum, UstarLayout.ChecksumLength);
        checksumField.Fill((byte)' ');
        int sum = 0;
        foreach (byte b in block)
        {
            sum += b;
        }

        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0'), checksumField);
        checksumField[6] = 0;
        checksumField[7] = (byte)' ';
        return block;
    }

    /// <summary>Octal digits, zero-padded, then NUL; values that do not fit are the caller's error.</summary>
    private static void Octal(Span<byte> field, long value)
    {
        string digits = Convert.ToString(value, 8).PadLeft(field.Length - 1, '0');
        if (digits.Length != field.Length - 1)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"Does not fit a {field.Length}-byte octal tar field.");
        }

        Encoding.ASCII.GetBytes(digits, field);
        field[^1] = 0;
    }

    /// <summary>Octal when it fits, else GNU base-256 (high bit of the first byte set, big-endian two's complement).</summary>
    private static void Number(Span<byte> field, long value)
    {
        if (value >= 0 && value <= UstarLayout.OctalLimit(field.Length))
        {
            Octal(field, value);
            return;
        }

        field.Fill(value < 0 ? (byte)0xFF : (byte)0);
        BinaryPrimitives.WriteInt64BigEndian(field[^sizeof(long)..], value);
        field[0] = (byte)(field[0] | 0x80);
    }

    private static long Clamp(long value, int fieldLength) =>
        value < 0 ? 0 : Math.Min(value, UstarLayout.OctalLimit(fieldLength));

    private static void WriteBody(ReadOnlySpan<byte> body, Stream output)
    {
        output.Write(body);
        int padding = (UstarLayout.BlockSize - (body.Length % UstarLayout.BlockSize)) % UstarLayout.BlockSize;
        output.Write(new byte[padding]);
    }

    private static ReadOnlySpan<byte> Truncate(byte[] value, int length) => value.AsSpan(0, Math.Min(value.Length, length));

    private static byte[] Ascii(long value) => Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>PAX records "LEN KEY=VALUE\n", LEN counting the whole record including its own digits.</summary>
    private static byte[] PaxRecords(List<(string Key, byte[] Value)> records)
    {
        using var buffer = new MemoryStream();
        foreach (var (key, value) in records)
        {
            int payload = 1 + Encoding.UTF8.GetByteCount(key) + 1 + value.Length + 1;
            int length = payload + 1;
            while (length.ToString(CultureInfo.InvariantCulture).Length + payload != length)
            {
                length = length.ToString(CultureInfo.InvariantCulture).Length + payload;
            }

            buffer.Write(Encoding.ASCII.GetBytes(length.ToString(CultureInfo.InvariantCulture) + " "));
            buffer.Write(Encoding.UTF8.GetBytes(key + "="));
            buffer.Write(value);
            buffer.WriteByte((byte)'\n');
        }

        return buffer.ToArray();
    }
}
