using System.Buffers.Binary;
using System.Text;

namespace Flix.Install.Packages;

/// <summary>
/// An rpm header as the rpmdb stores it (without the lead and magic of a package file): the index count and data
/// length (big endian), then 16-byte index entries (tag, type, offset, count), then the data store. Every offset and
/// count is checked against the blob before it is used.
/// </summary>
internal sealed class RpmHeader
{
    /// <summary>rpm's own limits on a header: 65535 tags, 256 MiB of data.</summary>
    private const int MaxTags = 0xFFFF;
    private const int MaxData = 256 * 1024 * 1024;
    private const int PreambleLength = 8;
    private const int EntryLength = 16;

    private const int TypeInt16 = 3;
    private const int TypeInt32 = 4;
    private const int TypeString = 6;
    private const int TypeStringArray = 8;
    private const int TypeI18nString = 9;

    private readonly Dictionary<int, (int Type, int Offset, int Count)> _entries = [];
    private readonly byte[] _data;

    private RpmHeader(byte[] data)
    {
        _data = data;
    }

    /// <summary>Parses <paramref name="blob"/>; <paramref name="where"/> names it in errors.</summary>
    public static RpmHeader Parse(ReadOnlySpan<byte> blob, string where)
    {
        if (blob.Length < PreambleLength)
        {
            throw Bad(where, "is shorter than a header");
        }

        int count = BinaryPrimitives.ReadInt32BigEndian(blob);
        int dataLength = BinaryPrimitives.ReadInt32BigEndian(blob[4..]);
        if (count is < 1 or > MaxTags || dataLength is < 0 or > MaxData || (long)PreambleLength + ((long)count * EntryLength) + dataLength > blob.Length)
        {
            throw Bad(where, $"claims {count} tags and {dataLength} bytes of data in {blob.Length} bytes");
        }

        int dataStart = PreambleLength + (count * EntryLength);
        var header = new RpmHeader(blob.Slice(dataStart, dataLength).ToArray());
        for (int i = 0; i < count; i++)
        {
            var entry = blob.Slice(PreambleLength + (i * EntryLength), EntryLength);
            int tag = BinaryPrimitives.ReadInt32BigEndian(entry);
            int type = BinaryPrimitives.ReadInt32BigEndian(entry[4..]);
            int offset = BinaryPrimitives.ReadInt32BigEndian(entry[8..]);
            int items = BinaryPrimitives.ReadInt32BigEndian(entry[12..]);
            if (offset < 0 || offset > dataLength || items < 0 || items > dataLength)
            {
                throw Bad(where, $"has tag {tag} at offset {offset} with {items} items outside its {dataLength} bytes of data");
            }

            header._entries.TryAdd(tag, (type, offset, items));
        }

        return header;
    }

    /// <summary>The string of <paramref name="tag"/>, or null when absent.</summary>
    public string? String(int tag) => Strings(tag) is [var first, ..] ? first : null;

    /// <summary>The strings of <paramref name="tag"/> (a string or string array), empty when absent.</summary>
    public IReadOnlyList<string> Strings(int tag)
    {
        if (!_entries.TryGetValue(tag, out var entry) || entry.Type is not (TypeString or TypeStringArray or TypeI18nString))
        {
            return [];
        }

        int count = entry.Type == TypeString ? 1 : entry.Count;
        var strings = new List<string>(Math.Min(count, 65536));
        int position = entry.Offset;
        for (int i = 0; i < count; i++)
        {
            int end = Array.IndexOf(_data, (byte)0, position);
            if (end < 0)
            {
                throw new PackageDatabaseException($"An rpm header's tag {tag} runs past its data.");
            }

            strings.Add(Encoding.UTF8.GetString(_data, position, end - position));
            position = end + 1;
        }

        return strings;
    }

    /// <summary>The integers of <paramref name="tag"/> (INT16 or INT32 arrays), empty when absent.</summary>
    public IReadOnlyList<int> Integers(int tag)
    {
        if (!_entries.TryGetValue(tag, out var entry) || entry.Type is not (TypeInt16 or TypeInt32))
        {
            return [];
        }

        int size = entry.Type == TypeInt16 ? 2 : 4;
        if ((long)entry.Offset + ((long)entry.Count * size) > _data.Length)
        {
            throw new PackageDatabaseException($"An rpm header's tag {tag} runs past its data.");
        }

        var values = new int[entry.Count];
        for (int i = 0; i < entry.Count; i++)
        {
            var span = _data.AsSpan(entry.Offset + (i * size), size);
            values[i] = size == 2 ? BinaryPrimitives.ReadUInt16BigEndian(span) : BinaryPrimitives.ReadInt32BigEndian(span);
        }

        return values;
    }

    private static PackageDatabaseException Bad(string where, string what) => new($"The rpm header {where} {what}.");
}
