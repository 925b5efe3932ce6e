using YamlDotNet.Serialization;

namespace Flix.Recipes.Schema;

/// <summary>How an artifact is verified: exactly one of the kinds.</summary>
public sealed class ChecksumDocument
{
    /// <summary>A URL template of a file holding this artifact's sha256 (alone, or as "HEX  NAME").</summary>
    [YamlMember(Alias = "file")]
    public string? File { get; set; }

    /// <summary>A URL template of one list of "HEX  NAME" lines for every asset, looked up by the artifact's file name.</summary>
    [YamlMember(Alias = "list")]
    public string? List { get; set; }

    /// <summary>The GitHub API's per-asset sha256 digest; <c>true</c> uses the recipe's github source, or give OWNER/NAME.</summary>
    [YamlMember(Alias = "github")]
    public string? GitHub { get; set; }

    /// <summary>With <see cref="GitHub"/>: a template of the release tag to look in [default: the version baked].</summary>
    [YamlMember(Alias = "tag")]
    public string? Tag { get; set; }

    /// <summary>Digests pinned in the recipe, per version and architecture.</summary>
    [YamlMember(Alias = "pinned")]
    public List<PinnedDigestDocument>? Pinned { get; set; }

    /// <summary>A URL template of an OpenPGP detached signature of the artifact (such as <c>{url}.asc</c>); needs <see cref="Key"/>.</summary>
    [YamlMember(Alias = "signature")]
    public string? Signature { get; set; }

    /// <summary>For <see cref="Signature"/>: a URL template of the signer's public key file (armored or binary).</summary>
    [YamlMember(Alias = "key")]
    public string? Key { get; set; }

    /// <summary>For <see cref="Signature"/>: the only key fingerprints accepted (40 hex digits; spaces allowed).</summary>
    [YamlMember(Alias = "fingerprints")]
    public List<string>? Fingerprints { get; set; }
}
