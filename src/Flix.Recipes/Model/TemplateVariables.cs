namespace Flix.Recipes.Model;

/// <summary>The variables every template may use; recipe parameters add their own names.</summary>
public static class TemplateVariables
{
    public const string Name = "name";
    public const string Version = "version";
    public const string VersionWithoutV = "version_nov";
    public const string Arch = "arch";
    public const string SystemdArch = "systemd_arch";
    public const string Major = "major";
    public const string Minor = "minor";
    public const string Patch = "patch";

    /// <summary>The build metadata of the version (after "+"), empty when it has none.</summary>
    public const string Metadata = "metadata";

    /// <summary>In checksum templates only: the artifact's URL and its file name.</summary>
    public const string Url = "url";
    public const string Asset = "asset";

    public static IReadOnlyList<string> Common { get; } = [Name, Version, VersionWithoutV, Arch, SystemdArch, Major, Minor, Patch, Metadata];

    public static IReadOnlyList<string> ChecksumOnly { get; } = [Url, Asset];
}
