using System.Text.Json;
using Flix.Fetch;

namespace Flix.Oci.Manifests;

/// <summary>
/// A manifest or index as fetched: its bytes, its digest, and the one parsed form its media type says it is.
/// Parsing checks that the declared media type, the document's own <c>mediaType</c> field and its shape agree.
/// </summary>
public sealed class ManifestDocument
{
    /// <summary>The largest manifest or index Flix reads.</summary>
    public const int MaxSize = 4 * 1024 * 1024;

    private ManifestDocument(Digest digest, string mediaType, OciManifest? manifest, OciIndex? index)
    {
        Digest = digest;
        MediaType = mediaType;
        Manifest = manifest;
        Index = index;
    }

    public Digest Digest { get; }

    public string MediaType { get; }

    /// <summary>The manifest, when this is an image manifest.</summary>
    public OciManifest? Manifest { get; }

    /// <summary>The index, when this is an image index or manifest list.</summary>
    public OciIndex? Index { get; }

    /// <summary>
    /// Parses <paramref name="content"/>; <paramref name="declaredMediaType"/> is the Content-Type or descriptor media
    /// type, if any; <paramref name="source"/> names the origin for messages. Throws <see cref="InvalidDataException"/>
    /// for malformed or contradictory documents and <see cref="NotSupportedException"/> for schema 1 and unknown types.
    /// </summary>
    public static ManifestDocument Parse(ReadOnlySpan<byte> content, string? declaredMediaType, string source)
    {
        if (content.Length > MaxSize)
        {
            throw new InvalidDataException($"The manifest of {source} is {content.Length} bytes, over the {MaxSize}-byte limit.");
        }

        var digest = Digest.Compute(content);
        ManifestProbe probe;
        try
        {
            probe = JsonSerializer.Deserialize(content, OciJsonContext.Default.ManifestProbe)
                ?? throw new InvalidDataException($"The manifest {digest} of {source} is JSON null.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The manifest {digest} of {source} is not valid JSON: {e.Message}", e);
        }

        if (probe.SchemaVersion == 1 || IsSchema1(declaredMediaType))
        {
            throw new NotSupportedException($"The manifest {digest} of {source} is a Docker schema 1 manifest, which Flix does not read.");
        }

        if (probe.SchemaVersion != 2)
        {
            throw new InvalidDataException($"The manifest {digest} of {source} has schemaVersion {probe.SchemaVersion}, expected 2.");
        }

        if (probe.Manifests is not null && (probe.Layers is not null || probe.Config is not null))
        {
            throw new InvalidDataException($"The manifest {digest} of {source} has both 'manifests' and 'layers' or 'config'.");
        }

        var declared = NormalizeMediaType(declaredMediaType);
        if (probe.MediaType is not null && declared is not null && declared != probe.MediaType && IsKnown(declared))
        {
            throw new InvalidDataException($"The manifest {digest} of {source} says it is {probe.MediaType} but was served as {declared}.");
        }

        var mediaType = probe.MediaType ?? (IsKnown(declared) ? declared! : probe.Manifests is not null ? OciMediaTypes.ImageIndex : OciMediaTypes.ImageManifest);
        if (mediaType is OciMediaTypes.ImageIndex or OciMediaTypes.DockerManifestList)
        {
            if (probe.Manifests is null)
            {
                throw new InvalidDataException($"The index {digest} of {source} has no 'manifests'.");
            }

            foreach (var entry in probe.Manifests)
            {
                Validate(entry, digest, source);
            }

            return new ManifestDocument(digest, mediaType, null, new OciIndex { SchemaVersion = 2, MediaType = probe.MediaType, Manifests = probe.Manifests, Annotations = probe.Annotations });
        }

        if (mediaType is OciMediaTypes.ImageManifest or OciMediaTypes.DockerManifest)
        {
            if (probe.Config is null || probe.Layers is null || probe.Manifests is not null)
            {
                throw new InvalidDataException($"The manifest {digest} of {source} lacks 'config' or 'layers'.");
            }

            Validate(probe.Config, digest, source);
            foreach (var layer in probe.Layers)
            {
                Validate(layer, digest, source);
            }

            return new ManifestDocument(digest, mediaType, new OciManifest { SchemaVersion = 2, MediaType = probe.MediaType, Config = probe.Config, Layers = probe.Layers, Annotations = probe.Annotations }, null);
        }

        throw new NotSupportedException($"The manifest {digest} of {source} has media type '{Digest.Printable(mediaType)}', which is not an image manifest or index.");
    }

    private static void Validate(OciDescriptor descriptor, Digest document, string source)
    {
        try
        {
            descriptor.Validate();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"The manifest {document} of {source} has a bad descriptor: {e.Message}", e);
        }
    }

    private static bool IsKnown(string? mediaType) =>
        mediaType is OciMediaTypes.ImageIndex or OciMediaTypes.DockerManifestList or OciMediaTypes.ImageManifest or OciMediaTypes.DockerManifest;

    private static bool IsSchema1(string? mediaType) =>
        mediaType is not null && mediaType.StartsWith("application/vnd.docker.distribution.manifest.v1", StringComparison.Ordinal);

    private static string? NormalizeMediaType(string? mediaType)
    {
        if (string.IsNullOrEmpty(mediaType))
        {
            return null;
        }

        var semicolon = mediaType.IndexOf(';', StringComparison.Ordinal);
        return (semicolon < 0 ? mediaType : mediaType[..semicolon]).Trim();
    }
}
