namespace Flix.Erofs.Format;

/// <summary>
/// Byte offsets of a 12-byte directory entry. A directory block starts with its entries; the first entry's name
/// offset divided by the entry size is the entry count, and the names follow, each ending where the next begins
/// (the last at the block's end or its first NUL).
/// </summary>
internal static class DirentLayout
{
    public const int Nid = 0;
    public const int NameOffset = Nid + sizeof(ulong);
    public const int FileType = NameOffset + sizeof(ushort);
}
