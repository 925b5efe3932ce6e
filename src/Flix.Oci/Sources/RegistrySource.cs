using Flix.Fetch;
using Flix.Oci.Manifests;
using Flix.Oci.References;
using Flix.Oci.Registry;

namespace Flix.Oci.Sources;

/// <summary>An image in a registry, named by an <see cref="ImageReference"/>.</summary>
public sealed class RegistrySource : ImageSourceBase
{
    private readonly RegistryClient _client;

    public RegistrySource(ImageReference reference, ImageSourceOptions options)
        : base(options)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ImageReference = reference;
        _client = new RegistryClient(reference, options);
    }

    public ImageReference ImageReference { get; }

    public override string Description => ImageReference.ToString();

    protected override ImageReference? Reference => ImageReference;

    protected override async Task<(byte[] Content, string? MediaType, Digest? Expected)> FetchRootAsync(CancellationToken ct)
    {
        var (content, mediaType) = await _client.GetManifestAsync(ImageReference.ManifestReference, ct).ConfigureAwait(false);
        return (content, mediaType, ImageReference.Digest);
    }

    protected override async Task<byte[]> FetchManifestAsync(OciDescriptor descriptor, CancellationToken ct)
    {
        var digest = descriptor.ParsedDigest;
        if (descriptor.Size > ManifestDocument.MaxSize)
        {
            throw new InvalidDataException($"The manifest {digest} of {Description} declares {descriptor.Size} bytes, over the {ManifestDocument.MaxSize}-byte limit.");
        }

        var (content, _) = await _client.GetManifestAsync(digest.ToString(), ct).ConfigureAwait(false);
        var actual = Digest.Compute(content);
        if (actual != digest || content.LongLength != descriptor.Size)
        {
            throw new InvalidDataException($"The manifest {digest} of {Description} arrived as {content.Length} bytes hashing to {actual}; its descriptor declares {descriptor.Size} bytes.");
        }

        return content;
    }

    protected override Task WriteBlobAsync(OciDescriptor blob, Digest digest, string temporaryPath, IProgress<long>? progress, CancellationToken ct) =>
        _client.DownloadBlobAsync(blob, temporaryPath, progress, ct);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _client.Dispose();
        }

        base.Dispose(disposing);
    }
}
