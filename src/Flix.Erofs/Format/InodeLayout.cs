namespace Flix.Erofs.Format;

/// <summary>
/// Byte offsets of the two inode forms: the 32-byte compact inode (16-bit owners, 32-bit size, the image's build
/// time) and the 64-byte extended inode (32-bit owners, 64-bit size, its own mtime and link count).
/// </summary>
internal static class InodeLayout
{
    // Shared by both forms.
    public const int Format = 0;
    public const int XattrCount = Format + sizeof(ushort);
    public const int Mode = XattrCount + sizeof(ushort);

    // Compact form.
    public const int CompactLinkCount = Mode + sizeof(ushort);
    public const int CompactSize = CompactLinkCount + sizeof(ushort);
    public const int CompactUnion = CompactSize + sizeof(uint) + sizeof(uint);
    public const int CompactIno = CompactUnion + sizeof(uint);
    public const int CompactUid = CompactIno + sizeof(uint);
    public const int CompactGid = CompactUid + sizeof(ushort);

    // Extended form.
    public const int ExtendedSize = Mode + sizeof(ushort) + sizeof(ushort);
    public const int ExtendedUnion = ExtendedSize + sizeof(ulong);
    public const int ExtendedIno = ExtendedUnion + sizeof(uint);
    public const int ExtendedUid = ExtendedIno + sizeof(uint);
    public const int ExtendedGid = ExtendedUid + sizeof(uint);
    public const int ExtendedModificationTime = ExtendedGid + sizeof(uint);
    public const int ExtendedModificationTimeNanoseconds = ExtendedModificationTime + sizeof(ulong);
    public const int ExtendedLinkCount = ExtendedModificationTimeNanoseconds + sizeof(uint);

    /// <summary>i_format bit 0: the extended form.</summary>
    public const int VersionBit = 0;

    /// <summary>i_format bits 1-3: the data layout.</summary>
    public const int DataLayoutShift = 1;

    public const int DataLayoutMask = 0x7;

    /// <summary>The i_format bits this reader knows; any other set bit is a newer format.</summary>
    public const int KnownFormatBits = 0xF;
}
