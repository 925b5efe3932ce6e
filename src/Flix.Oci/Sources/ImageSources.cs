using Flix.Fetch;
using Flix.Oci.References;

namespace Flix.Oci.Sources;

/// <summary>Makes the <see cref="IImageSource"/> an image spec names.</summary>
public static class ImageSources
{
    /// <summary>
    /// The source <paramref name="spec"/> names (see <see cref="ImageSourceSpec.Parse"/>): <c>oci:PATH[:TAG]</c> or
    /// <c>oci:PATH@DIGEST</c> for an OCI image layout, <c>docker-archive:PATH</c> for a <c>docker save</c> tar,
    /// <c>docker-daemon:NAME[:TAG]</c> for an image in a Docker or Podman engine, anything else a registry reference
    /// such as <c>debian:trixie</c>.
    /// </summary>
    public static IImageSource Create(string spec, ImageSourceOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(spec);
        return Create(ImageSourceSpec.Parse(spec), options);
    }

    /// <summary>The source <paramref name="spec"/> names; a <c>dir:</c> spec is no image and has none.</summary>
    public static IImageSource Create(ImageSourceSpec spec, ImageSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        switch (spec.Kind)
        {
            case ImageSourceKind.OciLayout:
                var (path, tag, digest) = SplitLayout(spec.Location);
                return new OciLayoutSource(path, tag, digest, options);
            case ImageSourceKind.DockerArchive:
                return new DockerArchiveSource(spec.Location, options);
            case ImageSourceKind.DockerDaemon:
                return new DockerDaemonSource(spec.Location, options);
            case ImageSourceKind.Registry:
                return new RegistrySource(ImageReference.Parse(spec.Location), options);
            default:
                throw new ArgumentException($"'{spec}' names a {spec.Syntax.Name} source, which is no image.", nameof(spec));
        }
    }

    private static (string Path, string? Tag, Digest? Digest) SplitLayout(string text)
    {
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
