namespace Flix.Erofs.Format;

/// <summary>The superblock's feature_incompat bits: a reader must understand every bit that is set.</summary>
[Flags]
public enum ErofsIncompatFeatures : uint
{
    None = 0,

    /// <summary>Compressed data sits at the end of its physical cluster, after zero padding.</summary>
    ZeroPadding = 0x1,

    /// <summary>Physical clusters of several blocks; also compression configurations after the superblock.</summary>
    BigPhysicalClusters = 0x2,

    ChunkedFiles = 0x4,

    DeviceTable = 0x8,

    /// <summary>The compressed tail of a file is stored inline after its indexes.</summary>
    TailPacking = 0x10,

    /// <summary>Tails of many files packed into one special inode (erofs-utils 1.6+; also marks deduplication).</summary>
    Fragments = 0x20,

    XattrPrefixes = 0x40,

    /// <summary>The features this reader supports.</summary>
    Supported = ZeroPadding | BigPhysicalClusters | TailPacking,
}
