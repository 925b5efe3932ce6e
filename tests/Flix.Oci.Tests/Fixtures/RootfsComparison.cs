namespace Flix.Oci.Tests.Fixtures;

/// <summary>What <see cref="RootfsComparer"/> looks at.</summary>
public sealed record RootfsComparison
{
    /// <summary>Compare mtimes of non-directories (and of directories unless <see cref="IgnoreDirectoryMtimes"/>).</summary>
    public bool CompareMtimes { get; init; } = true;

    /// <summary>Directory mtimes change whenever a child is added or removed; ignore them when true.</summary>
    public bool IgnoreDirectoryMtimes { get; init; } = true;

    /// <summary>Compare the metadata of the tree root itself ("").</summary>
    public bool CompareRoot { get; init; }

    /// <summary>xattr names compared: <c>security.capability</c> and every <c>user.*</c>, by default.</summary>
    public Func<string, bool> XattrFilter { get; init; } =
        name => name == "security.capability" || name.StartsWith("user.", StringComparison.Ordinal);

    public static readonly RootfsComparison Default = new();
}
