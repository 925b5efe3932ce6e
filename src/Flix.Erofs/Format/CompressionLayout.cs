namespace Flix.Erofs.Format;

/// <summary>
/// Byte offsets of the map header of a compressed inode and of a full (legacy) logical-cluster index, and the bit
/// fields of the compacted indexes.
/// </summary>
internal static class CompressionLayout
{
    // Map header (8 bytes, 8-aligned after the inode and its xattrs).
    public const int HeaderInlineDataSize = sizeof(ushort);
    public const int HeaderAdvise = HeaderInlineDataSize + sizeof(ushort);
    public const int HeaderAlgorithms = HeaderAdvise + sizeof(ushort);
    public const int HeaderClusterBits = HeaderAlgorithms + sizeof(byte);

    // Full index (8 bytes each, after the header and 8 bytes of padding).
    public const int IndexAdvise = 0;
    public const int IndexClusterOffset = IndexAdvise + sizeof(ushort);
    public const int IndexBlockAddress = IndexClusterOffset + sizeof(ushort);
    public const int IndexFirstDelta = IndexBlockAddress;

    /// <summary>The padding between the map header and the first full index.</summary>
    public const int FullIndexPadding = 8;

    /// <summary>A logical cluster's type takes two bits.</summary>
    public const int TypeBits = 2;

    /// <summary>Compacted indexes come in packs: 2 entries in 8 bytes or 16 entries in 32 bytes, each pack ending in a 4-byte block address.</summary>
    public const int PackBlockAddressSize = sizeof(uint);

    /// <summary>Compacted indexes are 32-byte aligned for the 2-byte packs: 4-byte entries come first until that alignment.</summary>
    public const int CompactAlignment = 32;
}
