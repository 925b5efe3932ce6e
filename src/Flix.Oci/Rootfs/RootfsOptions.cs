using Flix.Oci.Layers;
using Flix.Oci.Manifests;
using Flix.Oci.Sources;

namespace Flix.Oci.Rootfs;

/// <summary>How <see cref="RootfsBuilder"/> gets an image and unpacks it.</summary>
public sealed record RootfsOptions
{
    /// <summary>The platform to pick from a multi-platform image.</summary>
    public Platform Platform { get; init; } = Platform.Host;

    public ImageSourceOptions Source { get; init; } = new();

    public LayerApplyOptions Apply { get; init; } = new();

    /// <summary>Told about each step, from the calling thread's continuation; null for none.</summary>
    public IProgress<RootfsProgress>? Progress { get; init; }
}
