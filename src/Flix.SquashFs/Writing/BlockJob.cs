namespace Flix.SquashFs.Writing;

/// <summary>What one item of the ordered data stream is.</summary>
internal enum BlockJobKind
{
    /// <summary>A full block (or a tail stored as a block) to compress and store.</summary>
    Data,

    /// <summary>An all-zero block: block-list word 0, nothing stored.</summary>
    Sparse,

    /// <summary>A fragment block of packed tails.</summary>
    Fragment,

    /// <summary>The end of a regular file: its blocks so far belong to it.</summary>
    FileEnd,
}

/// <summary>
/// One item of the data pipeline. The reader creates it, a worker compresses it (when it carries data),
/// and the writer consumes the items strictly in creation order.
/// </summary>
internal sealed class BlockJob
{
    public BlockJob(BlockJobKind kind, int length)
    {
        Kind = kind;
        Length = length;
    }

    public BlockJobKind Kind { get; }

    /// <summary>Uncompressed bytes: the block length, or a file's tail length for <see cref="BlockJobKind.FileEnd"/>.</summary>
    public int Length { get; }

    /// <summary>Pooled buffer with the uncompressed block.</summary>
    public byte[]? Input { get; init; }

    /// <summary>Pooled buffer with the compressed block, or null when it is stored raw.</summary>
    public byte[]? Output { get; set; }

    public int CompressedLength { get; set; }

    /// <summary>Completed by the worker once <see cref="Output"/> is ready; null for jobs without data.</summary>
    public TaskCompletionSource? Compressed { get; init; }

    public InodeInfo? File { get; init; }

    /// <summary>The earlier file with the same content, whose data this file shares.</summary>
    public InodeInfo? DuplicateOf { get; set; }

    public uint Fragment { get; set; } = Format.SquashFsConstants.NoFragment;

    public uint FragmentOffset { get; set; }
}
