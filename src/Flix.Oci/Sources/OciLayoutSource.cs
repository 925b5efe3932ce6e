using Flix.Fetch;
using Flix.Oci.Manifests;

namespace Flix.Oci.Sources;

/// <summary>An image in an OCI image layout folder, chosen by tag (the <c>org.opencontainers.image.ref.name</c> annotation) or digest.</summary>
public sealed class OciLayoutSource : ImageSourceBase
{
    private const string RefNameAnnotation = "org.opencontainers.image.ref.name";

    public OciLayoutSource(string path, string? tag, Digest? digest, ImageSourceOptions options)
        : base(options)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        LayoutPath = Path.GetFullPath(path);
        Tag = tag;
        Digest = digest;
    }

    public string LayoutPath { get; }

    public string? Tag { get; }

    public Digest? Digest { get; }

    public override string Description => $"oci:{LayoutPath}{(Digest is { } d ? "@" + d : Tag is null ? string.Empty : ":" + Tag)}";

    protected override async Task<(byte[] Content, string? MediaType, Digest? Expected)> FetchRootAsync(CancellationToken ct)
    {
        var indexPath = Path.Combine(LayoutPath, "index.json");
        if (!File.Exists(indexPath))
        {
            throw new FileNotFoundException($"{LayoutPath} is not an OCI image layout: it has no index.json.", indexPath);
        }

        var stream = OpenLayoutFile(indexPath);
        byte[] indexBytes;
        await using (stream.ConfigureAwait(false))
        {
            if (stream.Length > ManifestDocument.MaxSize)
            {
                throw new InvalidDataException($"{indexPath} is {stream.Length} bytes, over the {ManifestDocument.MaxSize}-byte limit.");
            }

            indexBytes = new byte[stream.Length];
            await stream.ReadExactlyAsync(indexBytes, ct).ConfigureAwait(false);
        }

        var document = ManifestDocument.Parse(indexBytes, OciMediaTypes.ImageIndex, Description);
        var index = document.Index ?? throw new InvalidDataException($"{indexPath} is not an image index.");
        OciDescriptor? chosen;
        if (Digest is { } digest)
        {
            chosen = index.Manifests.FirstOrDefault(m => m.Digest == digest.ToString())
                ?? throw new FileNotFoundException($"The OCI layout {LayoutPath} has no manifest {digest} in its index.json.");
        }
        else if (Tag is not null)
        {
            chosen = index.Manifests.FirstOrDefault(m => m.Annotations?.GetValueOrDefault(RefNameAnnotation) == Tag)
                ?? throw new FileNotFoundException($"The OCI layout {LayoutPath} has no image tagged '{Tag}'; it has {DescribeTags(index)}.");
        }
        else if (index.Manifests.Count == 1)
        {
            chosen = index.Manifests[0];
        }
        else
        {
            // Without a tag the whole index is the image, and the platform picks the entry.
            return (indexBytes, OciMediaTypes.ImageIndex, null);
        }

        var content = await FetchManifestAsync(chosen, ct).ConfigureAwait(false);
        return (content, chosen.MediaType, chosen.ParsedDigest);
    }

    protected override async Task<byte[]> FetchManifestAsync(OciDescriptor descriptor, CancellationToken ct)
    {
        var stream = OpenBlob(descriptor.ParsedDigest);
        await using (stream.ConfigureAwait(false))
        {
            return await ReadSmallAsync(stream, descriptor, ManifestDocument.MaxSize, Description, ct).ConfigureAwait(false);
        }
    }

    protected override async Task WriteBlobAsync(OciDescriptor blob, Digest digest, string temporaryPath, IProgress<long>? progress, CancellationToken ct)
    {
        var source = OpenBlob(digest);
        await using (source.ConfigureAwait(false))
        {
            var destination = new FileStream(temporaryPath, FileMode.Truncate, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
            await using (destination.ConfigureAwait(false))
            {
                var expected = blob.Expected(Description);
                using var hash = expected.CreateHash();
                var written = await VerifyingCopy.CopyAsync(source, destination, hash, 0, expected, progress, ct).ConfigureAwait(false);
                VerifyingCopy.Check(hash, written, expected);
            }
        }
    }

    private static string DescribeTags(OciIndex index)
    {
        var tags = index.Manifests.Select(m => m.Annotations?.GetValueOrDefault(RefNameAnnotation)).OfType<string>().ToList();
        return tags.Count == 0 ? "no tags" : "tags " + string.Join(", ", tags);
    }

    private FileStream OpenBlob(Digest digest)
    {
        var path = Path.Combine(LayoutPath, "blobs", digest.Algorithm, digest.Hex);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The OCI layout {LayoutPath} lacks the blob {digest}.", path);
        }

        return OpenLayoutFile(path);
    }

    private static FileStream OpenLayoutFile(string path) => LocalFile.OpenRegular(path);
}
