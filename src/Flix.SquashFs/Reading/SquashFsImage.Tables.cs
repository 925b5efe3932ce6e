using System.Buffers.Binary;
using Flix.SquashFs.Format;

namespace Flix.SquashFs.Reading;

public sealed partial class SquashFsImage
{
    private static readonly IReadOnlyDictionary<string, byte[]> NoXattrs = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);

    /// <summary>The most bytes of names one xattr set can list (XATTR_LIST_MAX: what listxattr can return).</summary>
    private const int MaxXattrNamesSize = 65536;

    /// <summary>The most value bytes of one xattr set this reader accepts.</summary>
    private const int MaxXattrValuesSize = 16 << 20;

    /// <summary>Cached xattr sets are dropped once their values exceed this many bytes.</summary>
    private const long XattrCacheLimit = 64L << 20;

    private readonly Dictionary<ulong, IReadOnlyDictionary<string, byte[]>> _xattrCache = [];
    private long _xattrCacheBytes;
    private readonly Dictionary<uint, byte[]> _fragmentCache = [];
    private XattrTable? _xattrs;

    /// <summary>The uid or gid at <paramref name="index"/> of the id table.</summary>
    private uint LookupId(ushort index, string path)
    {
        Span<byte> entry = stackalloc byte[LookupTableLayout.IdEntrySize];
        ReadLookupEntry((long)Superblock.IdTableStart, index, LookupTableLayout.IdEntrySize, entry, $"id table (entry {index} for '{path}')");
        return BinaryPrimitives.ReadUInt32LittleEndian(entry);
    }

    /// <summary>The decompressed fragment block <paramref name="index"/>.</summary>
    internal byte[] ReadFragment(uint index, string path)
    {
        lock (_fragmentCache)
        {
            if (_fragmentCache.TryGetValue(index, out var cached))
            {
                return cached;
            }
        }

        Span<byte> entry = stackalloc byte[LookupTableLayout.Fragment.Size];
        ReadLookupEntry((long)Superblock.FragmentTableStart, index, LookupTableLayout.Fragment.Size, entry, "fragment table");
        long start = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(entry[LookupTableLayout.Fragment.Start..]), long.MaxValue);
        uint word = BinaryPrimitives.ReadUInt32LittleEndian(entry[LookupTableLayout.Fragment.StoredSize..]);
        var data = ReadDataBlock(start, word, -1, $"fragment block {index} (used by '{path}')");
        lock (_fragmentCache)
        {
            if (_fragmentCache.Count >= 16)
            {
                _fragmentCache.Clear();
            }

            _fragmentCache[index] = data;
        }

        return data;
    }

    /// <summary>
    /// Reads the data block described by <paramref name="word"/> at <paramref name="position"/>. With
    /// <paramref name="expected"/> ≥ 0 its decompressed length must be exactly that; otherwise (fragments) 1..block size.
    /// A word of 0 is a sparse block of zeros.
    /// </summary>
    internal byte[] ReadDataBlock(long position, uint word, int expected, string what)
    {
        if ((word & SquashFsConstants.DataSizeReservedBits) != 0)
        {
            ThrowHelper.Invalid(Name, $"{what} has size word 0x{word:x8} with reserved bits set.");
        }

        int stored = (int)(word & SquashFsConstants.DataSizeMask);
        bool uncompressed = (word & SquashFsConstants.DataUncompressedBit) != 0;
        if (word == 0 && expected >= 0)
        {
            return new byte[expected]; // sparse
        }

        if (stored == 0 || stored > _blockSize)
        {
            ThrowHelper.Invalid(Name, $"{what} has a stored size of {stored} bytes (1..{_blockSize} allowed).");
        }

        var raw = new byte[stored];
        ReadAt(position, raw, what);
        if (uncompressed)
        {
            if (expected >= 0 && stored != expected)
            {
                ThrowHelper.Invalid(Name, $"{what} at offset {position} stores {stored} bytes uncompressed instead of {expected}.");
            }

            return raw;
        }

        var buffer = new byte[_blockSize];
        int length = Decompress(raw, buffer, position, what);
        if (expected >= 0 ? length != expected : length == 0)
        {
            ThrowHelper.Invalid(Name, $"{what} at offset {position} decompresses to {length} bytes instead of {(expected >= 0 ? expected : "1 or more")}.");
        }

        return length == buffer.Length ? buffer : buffer[..length];
    }

    /// <summary>Reads the xattr-id header, or returns null when the image has no xattrs.</summary>
    private XattrTable? ReadXattrHeader()
    {
        ulong start = Superblock.XattrIdTableStart;
        if (start == SquashFsConstants.NoTable)
        {
            return null;
        }

        Span<byte> header = stackalloc byte[LookupTableLayout.XattrHeader.Size];
        if (start > (ulong)_bytesUsed)
        {
            ThrowHelper.Invalid(Name, $"xattr_id_table_start {start} at offset {SuperblockLayout.XattrIdTableStart} is beyond bytes_used {_bytesUsed}.");
        }

        ReadAt((long)start, header, "the xattr id header");
        ulong keyValueStart = BinaryPrimitives.ReadUInt64LittleEndian(header[LookupTableLayout.XattrHeader.KeyValueStart..]);
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(header[LookupTableLayout.XattrHeader.Count..]);
        if (count == 0)
        {
            ThrowHelper.Invalid(Name, $"the xattr id header at offset {start} has a count of 0.");
        }

        if (keyValueStart < SquashFsConstants.SuperblockSize || keyValueStart >= start)
        {
            ThrowHelper.Invalid(Name, $"the xattr id header at offset {start} puts the key/value area at {keyValueStart}, not below the header.");
        }

        CheckIndex(start + LookupTableLayout.XattrHeader.Size, count, LookupTableLayout.XattrId.Size, "xattr id table", SuperblockLayout.XattrIdTableStart);
        return new XattrTable((long)keyValueStart, (long)start, (long)start + LookupTableLayout.XattrHeader.Size, count);
    }

    /// <summary>The xattr set <paramref name="index"/> by full name, or an empty set for <see cref="SquashFsConstants.NoXattr"/>.</summary>
    private IReadOnlyDictionary<string, byte[]> ReadXattrs(uint index, string path)
    {
        if (index == SquashFsConstants.NoXattr || _xattrs is not { } table)
        {
            return NoXattrs;
        }

        Span<byte> entry = stackalloc byte[LookupTableLayout.XattrId.Size];
        ReadLookupEntry(table.IndexStart, index, LookupTableLayout.XattrId.Size, entry, "xattr id table");
        ulong reference = BinaryPrimitives.ReadUInt64LittleEndian(entry[LookupTableLayout.XattrId.Reference..]);
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(entry[LookupTableLayout.XattrId.Count..]);
        lock (_xattrCache)
        {
            // Keyed by where the set lies, so that ids sharing one set also share the parsed copy.
            if (_xattrCache.TryGetValue(reference, out var cached) && cached.Count == count)
            {
                return cached;
            }
        }

        string where = $"xattr set {index} (of '{path}')";
        long areaSize = table.HeaderStart - table.KeyValueStart;

        // Every pair takes at least 8 bytes of an area that decompresses to at most areaSize / 3 * 8 KiB.
        if (count == 0 || count > areaSize / 3 * SquashFsConstants.MetadataBlockSize / (LookupTableLayout.XattrKey.Name + LookupTableLayout.XattrValue.Value))
        {
            ThrowHelper.Invalid(Name, $"{where} has {count} pairs, which cannot fit in the key/value area.");
        }

        var cursor = Cursor(table.KeyValueStart, table.HeaderStart, reference, "xattr key/value area");
        var result = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        long namesSize = 0;
        long valuesSize = 0;
        Span<byte> key = stackalloc byte[LookupTableLayout.XattrKey.Name];
        Span<byte> nameBuffer = stackalloc byte[LookupTableLayout.XattrKey.MaxNameSize];
        for (uint i = 0; i < count; i++)
        {
            cursor.Read(key);
            ushort type = BinaryPrimitives.ReadUInt16LittleEndian(key[LookupTableLayout.XattrKey.Type..]);
            int nameSize = BinaryPrimitives.ReadUInt16LittleEndian(key[LookupTableLayout.XattrKey.NameSize..]);
            int prefix = type & LookupTableLayout.XattrKey.PrefixMask;
            if ((type & ~(LookupTableLayout.XattrKey.PrefixMask | SquashFsConstants.XattrValueOutOfLine)) != 0 || prefix >= SquashFsConstants.XattrPrefixes.Length)
            {
                ThrowHelper.Invalid(Name, $"{where} has a key of unknown type 0x{type:x4}.");
            }

            string fullPrefix = SquashFsConstants.XattrPrefixes[prefix];
            if (nameSize > LookupTableLayout.XattrKey.MaxNameSize - fullPrefix.Length)
            {
                ThrowHelper.Invalid(Name, $"{where} has a key name of {nameSize} bytes, too long.");
            }

            var name = nameBuffer[..nameSize];
            cursor.Read(name);
            string fullName = fullPrefix + DecodeName(name, $"an xattr name in {where}");
            uint valueSize = cursor.ReadUInt32();
            byte[] value;
            if ((type & SquashFsConstants.XattrValueOutOfLine) != 0)
            {
                if (valueSize != sizeof(ulong))
                {
                    ThrowHelper.Invalid(Name, $"{where} has an out-of-line value of '{fullName}' with a reference of {valueSize} bytes instead of 8.");
                }

                var valueCursor = Cursor(table.KeyValueStart, table.HeaderStart, cursor.ReadUInt64(), "xattr key/value area");
                value = ReadXattrValue(valueCursor, valueCursor.ReadUInt32(), fullName, where);
            }
            else
            {
                value = ReadXattrValue(cursor, valueSize, fullName, where);
            }

            if (!result.TryAdd(fullName, value))
            {
                ThrowHelper.Invalid(Name, $"{where} has the key '{fullName}' twice.");
            }

            namesSize += fullPrefix.Length + nameSize + 1;
            valuesSize += value.Length;
            if (namesSize > MaxXattrNamesSize)
            {
                ThrowHelper.Invalid(Name, $"{where} has more than {MaxXattrNamesSize} bytes of names, more than listxattr can return.");
            }

            if (valuesSize > MaxXattrValuesSize)
            {
                ThrowHelper.Unsupported(Name, $"{where} has more than {MaxXattrValuesSize} bytes of values.");
            }
        }

        lock (_xattrCache)
        {
            _xattrCacheBytes += valuesSize;
            if (_xattrCacheBytes > XattrCacheLimit)
            {
                _xattrCache.Clear();
                _xattrCacheBytes = valuesSize;
            }

            _xattrCache[reference] = result;
        }

        return result;
    }

    private byte[] ReadXattrValue(MetadataCursor cursor, uint size, string name, string where)
    {
        if (size > LookupTableLayout.XattrValue.MaxValueSize)
        {
            ThrowHelper.Invalid(Name, $"{where} has a value of '{name}' of {size} bytes (at most {LookupTableLayout.XattrValue.MaxValueSize}).");
        }

        var value = new byte[size];
        cursor.Read(value);
        return value;
    }

    /// <summary>Where the xattr tables lie: the key/value area up to the id header, and the id index after it.</summary>
    private sealed record XattrTable(long KeyValueStart, long HeaderStart, long IndexStart, uint Count);
}
