namespace Flix.Erofs.Format;

/// <summary>How an inode's data is stored (i_format bits 1-3).</summary>
public enum ErofsDataLayout
{
    /// <summary>Contiguous blocks from the inode's block address.</summary>
    FlatPlain = 0,

    /// <summary>Compressed, with full 8-byte logical-cluster indexes.</summary>
    CompressedFull = 1,

    /// <summary>Contiguous blocks, the last partial block inline after the inode.</summary>
    FlatInline = 2,

    /// <summary>Compressed, with compacted logical-cluster indexes.</summary>
    CompressedCompact = 3,

    /// <summary>Chunk-based (deduplicated or multi-device images).</summary>
    ChunkBased = 4,
}
