using Flix.Oci.Manifests;

namespace Flix.Oci.Sources;

/// <summary>Where an image comes from: a registry, an OCI layout, a docker-archive.</summary>
public interface IImageSource : IDisposable, IAsyncDisposable
{
    /// <summary>The image as the user named it, for messages.</summary>
    string Description { get; }

    /// <summary>Finds the image for <paramref name="platform"/>: its manifest, configuration and layers.</summary>
    Task<ResolvedImage> ResolveAsync(Platform platform, CancellationToken ct = default);

    /// <summary>
    /// The path of a local file holding <paramref name="blob"/>, whose digest and size were verified: in the blob
    /// cache, or in the source's private temporary folder (which lives until the source is disposed) without a cache.
    /// </summary>
    Task<string> FetchBlobAsync(OciDescriptor blob, IProgress<long>? progress = null, CancellationToken ct = default);
}
