namespace Flix.Recipes.Model;

/// <summary>Where an artifact's expected digest comes from.</summary>
public enum ChecksumKind
{
    /// <summary>Nothing in the recipe: a bake needs --insecure-skip-verify (oci:// artifacts are verified by their registry digests).</summary>
    None,

    /// <summary>A file holding this artifact's sha256.</summary>
    File,

    /// <summary>One list of "HEX  NAME" lines for all assets.</summary>
    List,

    /// <summary>The GitHub API's per-asset digest.</summary>
    GitHub,

    /// <summary>Digests written in the recipe.</summary>
    Pinned,

    /// <summary>An OpenPGP detached signature beside the artifact, checked against a public key file.</summary>
    Signature,
}
