namespace Flix.Recipes.Tests.Upstream;

/// <summary>
/// One recipe's upstream, as the release harness serves it: the files it publishes for one version (archives in
/// upstream's layout with stand-in programs, and real checksum files computed from them), and what the baked
/// extension must hold. Each recipe has its own small subclass in this folder; <see cref="UpstreamReleases"/>
/// finds them all.
/// </summary>
public abstract class UpstreamRelease
{
    /// <summary>The recipe's name in the catalogue.</summary>
    public abstract string Recipe { get; }

    /// <summary>The version baked, as `flix recipes versions` lists it.</summary>
    public abstract string Version { get; }

    /// <summary>The systemd architecture baked.</summary>
    public virtual string Architecture => "x86-64";

    /// <summary>
    /// The programs the extension ships: a name is usr/bin/NAME, a path (with '/', no leading one) is that file. Each
    /// is a stand-in that prints a line with "stand-in".
    /// </summary>
    public abstract IReadOnlyList<string> Programs { get; }

    /// <summary>The units the extension ships in usr/lib/systemd/system.</summary>
    public virtual IReadOnlyList<string> Units => [];

    /// <summary>Other paths (relative, no leading slash) the extension must hold.</summary>
    public virtual IReadOnlyList<string> OtherFiles => [];

    /// <summary>The recipe parameters the bake is given (--param NAME=VALUE).</summary>
    public virtual IReadOnlyDictionary<string, string> Parameters { get; } = new Dictionary<string, string>();

    /// <summary>The GitHub repository and tag whose API the recipe asks for asset digests, or null.</summary>
    public virtual (string Repository, string Tag)? GitHubRelease => null;

    /// <summary>
    /// A shell script run where the image is merged, after the shared checks, for what only this recipe can show; it
    /// fails the test by exiting non-zero (its output is the message). Null for none.
    /// </summary>
    public virtual string? MergedCheck => null;

    /// <summary>Every GitHub release whose API digests the recipe asks for: <see cref="GitHubRelease"/> unless a recipe needs several.</summary>
    public virtual IReadOnlyList<(string Repository, string Tag)> GitHubReleases => GitHubRelease is { } release ? [release] : [];

    /// <summary>Puts the release's files on the server, at upstream's URLs.</summary>
    public abstract void Publish(ReleaseFiles files);

    public override string ToString() => $"{Recipe} {Version}";
}
