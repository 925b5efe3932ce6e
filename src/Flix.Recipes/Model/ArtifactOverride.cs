using Semver;

namespace Flix.Recipes.Model;

/// <summary>What changes in an artifact for a range of versions.</summary>
public sealed record ArtifactOverride(SemVersionRange Versions, UrlTemplate? Url, ArchiveFormat? Format, ChecksumSpec? Checksum, IReadOnlyList<InstallRule>? Install);
