using Semver;

namespace Flix.Recipes.Model;

/// <summary>One download of a recipe, with the changes some version ranges make to it.</summary>
public sealed record Artifact
{
    /// <summary>The artifact's position in the recipe (artifacts[N]), for messages.</summary>
    public required int Index { get; init; }

    public required UrlTemplate Url { get; init; }

    /// <summary>Systemd architecture → the upstream's token for this artifact.</summary>
    public required IReadOnlyDictionary<string, string> Arches { get; init; }

    public ArchiveFormat Format { get; init; }

    public ChecksumSpec Checksum { get; init; } = ChecksumSpec.None;

    public string? MediaType { get; init; }

    /// <summary>Globs naming the packages (.deb, .rpm) inside the archive whose merged payloads the install rules place; empty for none.</summary>
    public IReadOnlyList<Glob> Packages { get; init; } = [];

    public IReadOnlyList<InstallRule> Install { get; init; } = [];

    /// <summary>The versions the artifact is used for; null for all.</summary>
    public SemVersionRange? Versions { get; init; }

    public IReadOnlyList<ArtifactOverride> Overrides { get; init; } = [];

    /// <summary>True when the artifact is part of <paramref name="version"/>'s build.</summary>
    public bool AppliesTo(SemVersion version) => Versions is null || Versions.Contains(version);

    /// <summary>The artifact as it is for <paramref name="version"/>: the first matching override's keys replace its own.</summary>
    public Artifact For(SemVersion version)
    {
        var change = Overrides.FirstOrDefault(o => o.Versions.Contains(version));
        return change is null ? this : this with
        {
            Url = change.Url ?? Url,
            Format = change.Format ?? Format,
            Checksum = change.Checksum ?? Checksum,
            Install = change.Install ?? Install,
        };
    }
}
