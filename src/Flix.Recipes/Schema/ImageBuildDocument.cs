using YamlDotNet.Serialization;

namespace Flix.Recipes.Schema;

/// <summary>A recipe built from a distribution image with packages installed, in Flix mode or as Flatwrap.</summary>
public sealed class ImageBuildDocument
{
    /// <summary>The image, as <c>flix rootfs</c> takes it (debian:trixie, alpine:3.21).</summary>
    [YamlMember(Alias = "image")]
    public string? Image { get; set; }

    /// <summary><c>flix</c> or <c>flatwrap</c>.</summary>
    [YamlMember(Alias = "mode")]
    public string? Mode { get; set; }

    /// <summary>Packages to install; a version given to <c>flix bake</c> pins <see cref="Package"/> (apt's NAME=VERSION).</summary>
    [YamlMember(Alias = "packages")]
    public List<string>? Packages { get; set; }

    /// <summary>The package the extension is of (entry points, host files, version); the first of the packages when absent.</summary>
    [YamlMember(Alias = "package")]
    public string? Package { get; set; }

    /// <summary>
    /// The packages whose programs, units and system files the extension ships, the package among them (docker: docker.io,
    /// docker-cli, containerd, runc, tini); the package alone when absent.
    /// </summary>
    [YamlMember(Alias = "entry_packages")]
    public List<string>? EntryPackages { get; set; }

    /// <summary>
    /// Entry points (PATH or SRC:TARGET) shipped besides the package's programs, units and system files (helpers its units
    /// run, data files); <c>{arch}</c> stands for the recipe's name of the architecture built (its <c>arches</c> value).
    /// </summary>
    [YamlMember(Alias = "paths")]
    public List<string>? Paths { get; set; }

    /// <summary>Units started on merge; the package's main service when absent; an empty list starts none.</summary>
    [YamlMember(Alias = "enable")]
    public List<string>? Enable { get; set; }

    /// <summary>Flatwrap: where /etc comes from, <c>host</c> (default) or <c>chroot</c>.</summary>
    [YamlMember(Alias = "etc")]
    public string? Etc { get; set; }

    /// <summary>Flatwrap: where /var comes from, <c>host</c> (default) or <c>chroot</c>.</summary>
    [YamlMember(Alias = "var")]
    public string? Var { get; set; }
}
