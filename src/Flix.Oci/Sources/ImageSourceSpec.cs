namespace Flix.Oci.Sources;

/// <summary>
/// An image spec as a user writes it (<c>debian:trixie</c>, <c>oci:LAYOUT[:TAG]</c>, <c>docker-archive:FILE</c>,
/// <c>docker-daemon:NAME[:TAG]</c>, <c>dir:PATH</c>), split into its kind and location. Every command parses image
/// specs here; a new kind of source is a new row of <see cref="Syntaxes"/>, and help texts are made from them.
/// </summary>
public sealed record ImageSourceSpec
{
    /// <summary>The prefix a registry reference may carry, as skopeo writes it.</summary>
    public const string RegistryPrefix = "docker://";

    private ImageSourceSpec(ImageSourceSyntax syntax, string text, string location)
    {
        Syntax = syntax;
        Text = text;
        Location = location;
    }

    /// <summary>Every kind of source: the registry first, the directory last, in the order help texts list them.</summary>
    public static IReadOnlyList<ImageSourceSyntax> Syntaxes { get; } =
    [
        new()
        {
            Kind = ImageSourceKind.Registry, Prefix = null, Name = "registry", Usage = "NAME[:TAG|@DIGEST]", ShortUsage = "registry",
            MissingLocation = "The image must not be empty.",
        },
        new()
        {
            Kind = ImageSourceKind.OciLayout, Prefix = "oci:", Name = "oci", Usage = "oci:LAYOUT[:TAG]", ShortUsage = "oci:LAYOUT",
            MissingLocation = "'oci:' needs a layout folder: oci:PATH[:TAG] or oci:PATH@DIGEST.",
        },
        new()
        {
            Kind = ImageSourceKind.DockerArchive, Prefix = "docker-archive:", Name = "docker-archive", Usage = "docker-archive:FILE",
            ShortUsage = "docker-archive:FILE", MissingLocation = "'docker-archive:' needs a file: docker-archive:FILE.",
        },
        new()
        {
            Kind = ImageSourceKind.DockerDaemon, Prefix = "docker-daemon:", Name = "docker-daemon", Usage = "docker-daemon:NAME[:TAG]",
            ShortUsage = "docker-daemon:NAME", MissingLocation = "'docker-daemon:' needs an image: docker-daemon:NAME[:TAG].",
        },
        new()
        {
            Kind = ImageSourceKind.Directory, Prefix = "dir:", Name = "dir", Usage = "dir:PATH", ShortUsage = "dir:PATH",
            MissingLocation = "'dir:' needs a directory: dir:PATH.",
        },
    ];

    /// <summary>The kinds of source that are images (every one but <c>dir:</c>), with a prefix: the registry excluded.</summary>
    public static IEnumerable<ImageSourceSyntax> PrefixedImageSyntaxes =>
        Syntaxes.Where(syntax => syntax.Prefix is not null && syntax.Kind != ImageSourceKind.Directory);

    /// <summary>How <c>dir:</c> is written.</summary>
    public static ImageSourceSyntax DirectorySyntax => For(ImageSourceKind.Directory);

    /// <summary>The row of <paramref name="kind"/>.</summary>
    public ImageSourceSyntax Syntax { get; }

    public ImageSourceKind Kind => Syntax.Kind;

    /// <summary>The spec as written.</summary>
    public string Text { get; }

    /// <summary>What follows the prefix: a reference, a layout folder with its tag, a file, an engine's image name, a folder.</summary>
    public string Location { get; }

    /// <summary>True for <c>dir:PATH</c>, a folder rather than an image.</summary>
    public bool IsDirectory => Kind == ImageSourceKind.Directory;

    /// <summary>The row of <paramref name="kind"/>.</summary>
    public static ImageSourceSyntax For(ImageSourceKind kind) => Syntaxes.First(syntax => syntax.Kind == kind);

    /// <summary>
    /// Reads <paramref name="text"/>: a known prefix selects its kind, anything else is a registry reference (checked
    /// when the source is made). Throws <see cref="FormatException"/> when a prefix has nothing after it.
    /// </summary>
    public static ImageSourceSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var syntax in Syntaxes)
        {
            if (syntax.Prefix is { } prefix && text.StartsWith(prefix, StringComparison.Ordinal))
            {
                string location = text[prefix.Length..];
                return location.Length == 0 ? throw new FormatException(syntax.MissingLocation) : new ImageSourceSpec(syntax, text, location);
            }
        }

        string reference = text.StartsWith(RegistryPrefix, StringComparison.Ordinal) ? text[RegistryPrefix.Length..] : text;
        return reference.Length == 0
            ? throw new FormatException(For(ImageSourceKind.Registry).MissingLocation)
            : new ImageSourceSpec(For(ImageSourceKind.Registry), text, reference);
    }

    /// <inheritdoc />
    public override string ToString() => Text;
}
