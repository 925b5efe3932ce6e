using Flix.Oci.Sources;

namespace Flix.Cli.Commands;

/// <summary>The help texts that list image sources, made from <see cref="ImageSourceSpec.Syntaxes"/> so that a new source shows everywhere.</summary>
internal static class ImageSourceHelp
{
    private static string PrefixedImages => string.Join(", ", ImageSourceSpec.PrefixedImageSyntaxes.Select(syntax => syntax.Usage));

    /// <summary>The IMAGE argument of the commands that make an extension from an image.</summary>
    public static string ExtensionImage =>
        $"The image: a reference such as debian:trixie, {PrefixedImages}, or {ImageSourceSpec.DirectorySyntax.Usage}.";

    /// <summary>The IMAGE argument of <c>flix rootfs</c>.</summary>
    public static string RootfsImage =>
        $"The image: a reference such as alpine or ghcr.io/org/img@sha256:…, {PrefixedImages}; or {ImageSourceSpec.DirectorySyntax.Usage} to copy an existing root directory.";

    /// <summary>The description of <c>flix rootfs</c>.</summary>
    public static string RootfsCommand
    {
        get
        {
            var images = ImageSourceSpec.Syntaxes.Where(syntax => syntax.Kind != ImageSourceKind.Directory).Select(syntax => syntax.ShortUsage);
            return $"Pull an image ({string.Join(", ", images)}) and unpack it into a directory, or copy a root directory ({ImageSourceSpec.DirectorySyntax.ShortUsage}).";
        }
    }
}
