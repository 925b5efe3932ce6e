using YamlDotNet.Serialization;

namespace Flix.Recipes.Schema;

/// <summary>
/// A recipe file as written (YAML). Every key is optional here; <see cref="RecipeValidator"/> checks what is
/// required and turns it into a <see cref="Recipe"/>. docs/recipes.md describes each key.
/// </summary>
public sealed class RecipeDocument
{
    [YamlMember(Alias = "name")]
    public string? Name { get; set; }

    [YamlMember(Alias = "description")]
    public string? Description { get; set; }

    [YamlMember(Alias = "homepage")]
    public string? Homepage { get; set; }

    /// <summary>The systemd architectures the recipe builds for, each with the upstream's own token for it.</summary>
    [YamlMember(Alias = "arches")]
    public Dictionary<string, string>? Arches { get; set; }

    [YamlMember(Alias = "versions")]
    public VersionSourceDocument? Versions { get; set; }

    /// <summary>Values the templates may use besides the version, each with a default or a version source of its own.</summary>
    [YamlMember(Alias = "params")]
    public Dictionary<string, ParameterDocument>? Parameters { get; set; }

    [YamlMember(Alias = "artifacts")]
    public List<ArtifactDocument>? Artifacts { get; set; }

    /// <summary>Instead of artifacts: a build from a distribution image with packages installed.</summary>
    [YamlMember(Alias = "build")]
    public ImageBuildDocument? Build { get; set; }

    [YamlMember(Alias = "units")]
    public List<UnitDocument>? Units { get; set; }

    [YamlMember(Alias = "files")]
    public List<ShippedFileDocument>? Files { get; set; }

    [YamlMember(Alias = "links")]
    public List<LinkDocument>? Links { get; set; }

    /// <summary>Default configuration files, shipped under /usr/share/NAME/etc and copied into /etc by tmpfiles.</summary>
    [YamlMember(Alias = "etc")]
    public List<EtcFileDocument>? Etc { get; set; }

    /// <summary>The sysusers.d lines of usr/lib/sysusers.d/NAME.conf.</summary>
    [YamlMember(Alias = "sysusers")]
    public string? Sysusers { get; set; }

    /// <summary>The tmpfiles.d lines of usr/lib/tmpfiles.d/NAME.conf.</summary>
    [YamlMember(Alias = "tmpfiles")]
    public string? Tmpfiles { get; set; }

    /// <summary>EXTENSION_RELOAD_MANAGER=1; default true when the recipe ships units.</summary>
    [YamlMember(Alias = "reload")]
    public bool? Reload { get; set; }

    /// <summary>How hosts keep the extension updated (the minor-pinned transfer of the kubernetes family).</summary>
    [YamlMember(Alias = "sysupdate")]
    public SysupdateDocument? Sysupdate { get; set; }
}
