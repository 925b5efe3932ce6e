namespace Flix.Erofs.Format;

/// <summary>The type of a logical cluster in a compressed file's index.</summary>
internal enum LogicalClusterType
{
    /// <summary>An extent starts in this cluster and is stored uncompressed.</summary>
    Plain = 0,

    /// <summary>An extent starts in this cluster and is compressed with the head-1 algorithm.</summary>
    Head = 1,

    /// <summary>The cluster continues the extent that started before it.</summary>
    NonHead = 2,

    /// <summary>An extent starts here, compressed with the head-2 algorithm (erofs-utils 1.6+).</summary>
    Head2 = 3,
}
