namespace Flix.Install.Steps;

/// <summary>How the extension made of a package starts its units and prepares the host.</summary>
public sealed record PackageExtensionOptions
{
    /// <summary>The extension's name.</summary>
    public required string Name { get; init; }

    /// <summary>The package whose entry points and host files make the extension; null for <see cref="Name"/> (a recipe's bird from bird2).</summary>
    public string? Package { get; init; }

    /// <summary>
    /// Other installed packages whose programs, units and system files ship too, after the package's (a recipe's docker:
    /// docker.io with docker-cli, containerd, runc and tini); the main service is the package's.
    /// </summary>
    public IReadOnlyList<string> MorePackages { get; init; } = [];

    /// <summary>Units to start on merge (<c>--enable</c>); empty means the package's main service, if it has one.</summary>
    public IReadOnlyList<string> Enable { get; init; } = [];

    /// <summary>Start no unit (<c>--no-enable</c>).</summary>
    public bool NoEnable { get; init; }

    /// <summary>/var comes from the host once merged.</summary>
    public bool VarFromHost { get; init; } = true;

    /// <summary>/etc comes from the host once merged.</summary>
    public bool EtcFromHost { get; init; } = true;
}
