using Flix.Install.EntryPoints;
using Flix.Install.Steps;

namespace Flix.Pipeline.Builders;

/// <summary>What <see cref="PackageExtensionBuilder"/> took from the package database and added for the host.</summary>
public sealed record PackageBuild
{
    /// <summary>The entry points read from the image's package database; null when PATHs were given or none was found.</summary>
    public PackageEntryPoints? Entries { get; init; }

    /// <summary>The Upholds= drop-in and the host files added.</summary>
    public required PackageExtensionResult Additions { get; init; }
}
