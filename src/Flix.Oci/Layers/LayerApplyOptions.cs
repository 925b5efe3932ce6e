using Flix.Core.Interop;

namespace Flix.Oci.Layers;

/// <summary>How a layer is applied and the limits that bound what a hostile layer can make it do.</summary>
public sealed record LayerApplyOptions
{
    /// <summary>
    /// True to give the root real owners, device nodes and every extended attribute (needs root).
    /// False keeps what the caller cannot store (owners, devices, modes it cannot use, xattrs it may not set)
    /// in the model only. Defaults to whether the process runs as root.
    /// </summary>
    public bool Privileged { get; init; } = Libc.GetEUid() == 0;

    /// <summary>Largest size of one entry's content.</summary>
    public long MaxEntrySize { get; init; } = 16L << 30;

    /// <summary>Largest sum of the content sizes of a layer's entries.</summary>
    public long MaxTotalSize { get; init; } = 64L << 30;

    /// <summary>Most entries in one layer, whiteouts included.</summary>
    public int MaxEntries { get; init; } = 1_000_000;

    /// <summary>Longest entry or link name in bytes once cleaned (PATH_MAX).</summary>
    public int MaxPathLength { get; init; } = 4096;
}
