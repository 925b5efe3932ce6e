using System.IO.Compression;
using Flix.Core.Compression;

namespace Flix.Oci.Layers;

/// <summary>
/// Opens a layer blob as its tar stream: gzip, zstd or uncompressed, as the media type says and the first bytes
/// confirm. The result is capped in size, so a small blob cannot inflate without bound.
/// </summary>
public static class LayerDecompression
{
    /// <summary>Default cap on a layer's decompressed size: 64 GiB.</summary>
    public const long DefaultMaxDecompressedBytes = 64L << 30;

    private const int MagicLength = 4;
    private static readonly byte[] GzipMagic = [0x1F, 0x8B];
    private static readonly byte[] ZstdMagic = [0x28, 0xB5, 0x2F, 0xFD];

    /// <summary>The compression a layer media type names.</summary>
    public enum Compression
    {
        None,
        Gzip,
        Zstd,
    }

    /// <summary>Opens <paramref name="blob"/> decompressed, capped at <see cref="DefaultMaxDecompressedBytes"/>. The stream owns the blob.</summary>
    public static Stream Open(Stream blob, string mediaType, string layerDigest) =>
        Open(blob, mediaType, layerDigest, DefaultMaxDecompressedBytes);

    /// <summary>Opens <paramref name="blob"/> decompressed; reading past <paramref name="maxDecompressedBytes"/> throws. The stream owns the blob.</summary>
    /// <exception cref="NotSupportedException">The media type is not a tar layer type Flix knows.</exception>
    /// <exception cref="LayerFormatException">The blob's first bytes do not match the media type.</exception>
    public static Stream Open(Stream blob, string mediaType, string layerDigest, long maxDecompressedBytes)
    {
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentNullException.ThrowIfNull(mediaType);
        ArgumentException.ThrowIfNullOrEmpty(layerDigest);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxDecompressedBytes);

        var compression = CompressionOf(mediaType)
            ?? throw new NotSupportedException($"Layer {layerDigest} has the media type '{mediaType}', which is not a tar layer type Flix reads.");

        var magic = new byte[MagicLength];
        int length = blob.ReadAtLeast(magic, MagicLength, throwOnEndOfStream: false);
        var found = Sniff(magic.AsSpan(0, length));
        if (found != compression)
        {
            throw new LayerFormatException(
                layerDigest, null, $"the media type '{mediaType}' says {Describe(compression)} but the data is {Describe(found)}.");
        }

        Stream raw = new PrefixedStream(magic, length, blob);
        Stream decompressed = compression switch
        {
            Compression.Gzip => new GZipStream(raw, CompressionMode.Decompress),
            Compression.Zstd => new ZstdDecompressionStream(raw),
            _ => raw,
        };
        return new LayerSizeLimitStream(decompressed, maxDecompressedBytes, layerDigest);
    }

    /// <summary>The compression of a layer media type, or null when it is not a tar layer type.</summary>
    public static Compression? CompressionOf(string mediaType) => mediaType switch
    {
        OciMediaTypes.Layer or "application/vnd.oci.image.layer.nondistributable.v1.tar" => Compression.None,
        OciMediaTypes.LayerGzip or OciMediaTypes.DockerLayerGzip
            or "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip"
            or "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip" => Compression.Gzip,
        OciMediaTypes.LayerZstd or "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd" => Compression.Zstd,
        _ => null,
    };

    /// <summary>The OCI layer media type for a blob starting with <paramref name="magic"/> (gzip, zstd or plain tar).</summary>
    internal static string MediaTypeOf(ReadOnlySpan<byte> magic) => Sniff(magic) switch
    {
        Compression.Gzip => OciMediaTypes.LayerGzip,
        Compression.Zstd => OciMediaTypes.LayerZstd,
        _ => OciMediaTypes.Layer,
    };

    private static Compression Sniff(ReadOnlySpan<byte> magic) =>
        magic.StartsWith(GzipMagic) ? Compression.Gzip
        : magic.StartsWith(ZstdMagic) ? Compression.Zstd
        : Compression.None;

    private static string Describe(Compression compression) => compression switch
    {
        Compression.Gzip => "gzip",
        Compression.Zstd => "zstd",
        _ => "uncompressed tar",
    };
}
