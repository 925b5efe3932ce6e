namespace Flix.SquashFs.Format;

/// <summary>Fixed numbers of the SquashFS 4.0 format.</summary>
public static class SquashFsConstants
{
    public const uint Magic = 0x73717368; // "hsqs" on disk
    public const ushort VersionMajor = 4;
    public const ushort VersionMinor = 0;

    public const int SuperblockSize = 96;
    public const int MetadataBlockSize = 8192;

    /// <summary>Size of the u16 header before every metadata block.</summary>
    public const int MetadataHeaderSize = sizeof(ushort);

    public const ushort MetadataUncompressedBit = 0x8000;
    public const uint DataUncompressedBit = 0x0100_0000;
    public const uint DataSizeMask = 0x00FF_FFFF;

    /// <summary>Bits 25..31 of a data block size word, which must be zero.</summary>
    public const uint DataSizeReservedBits = 0xFE00_0000;

    public const int MinBlockSize = 4096;
    public const int MaxBlockSize = 1 << 20;
    public const int DefaultBlockSize = 128 * 1024;

    public const uint NoFragment = 0xFFFF_FFFF;
    public const uint NoXattr = 0xFFFF_FFFF;
    public const ulong NoTable = ulong.MaxValue;

    /// <summary>Images are padded to a multiple of this many bytes.</summary>
    public const int PadTo = 4096;

    /// <summary>Xattr key prefixes the format can store, by type number.</summary>
    public static readonly string[] XattrPrefixes = ["user.", "trusted.", "security."];
    public const ushort XattrValueOutOfLine = 0x0100;
}
