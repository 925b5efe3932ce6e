using Flix.Install.Sandbox;

namespace Flix.Install.Steps;

/// <summary>What <see cref="RootfsInstaller"/> did.</summary>
public sealed record RootfsInstallResult
{
    /// <summary>The packages installed (those asked for and the automatic one).</summary>
    public required IReadOnlyList<string> Installed { get; init; }

    /// <summary>The commands run, the package manager's included.</summary>
    public required IReadOnlyList<string> Commands { get; init; }

    /// <summary>Entries given to subordinate ids (ordinary users only): the model must give them these owners back.</summary>
    public required IReadOnlyList<ForeignOwner> ForeignOwners { get; init; }

    /// <summary>True when anything ran, so that the rootfs changed.</summary>
    public bool Changed => Commands.Count > 0;
}
