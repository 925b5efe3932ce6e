using Flix.Fetch;
using Flix.Oci.References;

namespace Flix.Oci.Sources;

/// <summary>Makes the <see cref="IImageSource"/> an image spec names.</summary>
public static class ImageSources
{
    /// <summary>
    /// <c>oci:PATH[:TAG]</c> or <c>oci:PATH@DIGEST</c> for an OCI image layout, <c>docker-archive:PATH</c> for a
    /// <c>docker save</c> tar, <c>docker-daemon:NAME[:TAG]</c> for an image in a Docker or Podman engine, anything else a registry reference such as <c>debian:trixie</c>.
    /// </summary>
    public static IImageSource Create(string spec, ImageSourceOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(spec);
        ArgumentNullException.ThrowIfNull(options);
        if (spec.StartsWith("oci:", StringComparison.Ordinal))
        {
            var (path, tag, digest) = SplitLayout(spec[4..]);
            return new OciLayoutSource(path, tag, digest, options);
        }

        if (spec.StartsWith("docker-archive:", StringComparison.Ordinal))
        {
            var path = spec["docker-archive:".Length..];
            ArgumentException.ThrowIfNullOrEmpty(path, nameof(spec));
            return new DockerArchiveSource(path, options);
        }

        if (spec.StartsWith("docker-daemon:", StringComparison.Ordinal))
        {
            return new DockerDaemonSource(spec["docker-daemon:".Length..], options);
        }

        if (spec.StartsWith("docker://", StringComparison.Ordinal))
        {
            spec = spec["docker://".Length..];
        }

        return new RegistrySource(ImageReference.Parse(spec), options);
    }

    private static (string Path, string? Tag, Digest? Digest) SplitLayout(string text)
    {
        if (text.Length == 0)
        {
            throw new FormatException("'oci:' needs a layout folder: oci:PATH[:TAG] or oci:PATH@DIGEST.");
        }

        var at = text.LastIndexOf('@');
        if (at > 0 && Digest.TryParse(text[(at + 1)..], out var digest))
        {
            return (text[..at], null, digest);
        }

        var colon = text.LastIndexOf(':');
        if (colon > 0 && !text[(colon + 1)..].Contains('/', StringComparison.Ordinal))
        {
            var tag = text[(colon + 1)..];
            return (text[..colon], tag.Length == 0 ? null : tag, null);
        }

        return (text, null, null);
    }
}
