using YamlDotNet.Serialization;

namespace Flix.Recipes.Schema;

/// <summary>A recipe built from a distribution image with packages installed, in Flix mode or as Flatwrap.</summary>
public sealed class ImageBuildDocument
{
    /// <summary>The image, as <c>flix rootfs</c> takes it (debian:bookworm, alpine:3.21).</summary>
    [YamlMember(Alias = "image")]
    public string? Image { get; set; }

    /// <summary><c>flix</c> or <c>flatwrap</c>.</summary>
    [YamlMember(Alias = "mode")]
    public string? Mode { get; set; }

    /// <summary>Packages to install; {version} may pin one.</summary>
    [YamlMember(Alias = "packages")]
    public List<string>? Packages { get; set; }

    /// <summary>The entry points (PATH or SRC:TARGET); the package's programs and units when absent.</summary>
    [YamlMember(Alias = "paths")]
    public List<string>? Paths { get; set; }
}
