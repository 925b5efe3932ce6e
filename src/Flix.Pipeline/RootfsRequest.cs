using Flix.Oci.Rootfs;
using Flix.Oci.Sources;
using Flix.Pipeline.Rootfs;

namespace Flix.Pipeline;

/// <summary>A job of <see cref="ExtensionPipeline.UnpackAsync"/>: an image made a root folder, with steps run on it.</summary>
public sealed record RootfsRequest
{
    /// <summary>The image, or a <c>dir:</c> folder to copy.</summary>
    public required ImageSourceSpec Image { get; init; }

    /// <summary>The folder to make: new, or empty.</summary>
    public required string Directory { get; init; }

    /// <summary>How the image is fetched and unpacked (platform, cache, credentials, privileges).</summary>
    public RootfsOptions Rootfs { get; init; } = new();

    /// <summary>Steps run on the root once it is unpacked, in order.</summary>
    public IReadOnlyList<IRootfsStep> Steps { get; init; } = [];
}
