using Flix.Erofs.Format;

namespace Flix.Erofs.Reading;

/// <summary>
/// One logical cluster of a compressed file: where an extent starts in it (head and plain clusters, with the first
/// block of their physical cluster), or, for the first cluster after a head, the block count of that head's
/// physical cluster when the image has big physical clusters.
/// </summary>
internal readonly record struct LogicalCluster(LogicalClusterType Type, int ClusterOffset, int BlockCount, long Block)
{
    public bool StartsExtent => Type != LogicalClusterType.NonHead;
}
