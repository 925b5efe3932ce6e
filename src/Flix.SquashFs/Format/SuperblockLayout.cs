namespace Flix.SquashFs.Format;

/// <summary>Byte offsets of the superblock fields (all little-endian).</summary>
internal static class SuperblockLayout
{
    public const int Magic = 0;
    public const int InodeCount = 4;
    public const int ModificationTime = 8;
    public const int BlockSize = 12;
    public const int FragmentCount = 16;
    public const int Compressor = 20;
    public const int BlockLog = 22;
    public const int Flags = 24;
    public const int IdCount = 26;
    public const int VersionMajor = 28;
    public const int VersionMinor = 30;
    public const int RootInode = 32;
    public const int BytesUsed = 40;
    public const int IdTableStart = 48;
    public const int XattrIdTableStart = 56;
    public const int InodeTableStart = 64;
    public const int DirectoryTableStart = 72;
    public const int FragmentTableStart = 80;
    public const int ExportTableStart = 88;
}
