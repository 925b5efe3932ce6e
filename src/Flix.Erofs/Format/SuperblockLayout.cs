namespace Flix.Erofs.Format;

/// <summary>Byte offsets of the superblock fields, from the superblock's start (all little-endian).</summary>
internal static class SuperblockLayout
{
    public const int Magic = 0;
    public const int Checksum = Magic + sizeof(uint);
    public const int FeatureCompat = Checksum + sizeof(uint);
    public const int BlockSizeBits = FeatureCompat + sizeof(uint);
    public const int ExtensionSlots = BlockSizeBits + sizeof(byte);
    public const int RootNid = ExtensionSlots + sizeof(byte);
    public const int InodeCount = RootNid + sizeof(ushort);
    public const int BuildTime = InodeCount + sizeof(ulong);
    public const int BuildTimeNanoseconds = BuildTime + sizeof(ulong);
    public const int Blocks = BuildTimeNanoseconds + sizeof(uint);
    public const int MetaBlockAddress = Blocks + sizeof(uint);
    public const int XattrBlockAddress = MetaBlockAddress + sizeof(uint);
    public const int Uuid = XattrBlockAddress + sizeof(uint);
    public const int VolumeName = Uuid + 16;
    public const int FeatureIncompat = VolumeName + 16;
    public const int CompressionAlgorithms = FeatureIncompat + sizeof(uint);
    public const int ExtraDevices = CompressionAlgorithms + sizeof(ushort);
}
