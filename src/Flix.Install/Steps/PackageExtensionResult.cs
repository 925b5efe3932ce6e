namespace Flix.Install.Steps;

/// <summary>What <see cref="PackageExtension.AddTo"/> put into an extension's tree besides the entry points.</summary>
public sealed record PackageExtensionResult
{
    /// <summary>The units the Upholds= drop-ins start; empty when none is shipped.</summary>
    public required IReadOnlyList<string> Enabled { get; init; }

    /// <summary>The drop-ins' paths, one per upholding target (sockets.target, timers.target, multi-user.target).</summary>
    public IReadOnlyList<string> DropIns { get; init; } = [];

    /// <summary>The tmpfiles.d file made for the host's /var and /etc, or null.</summary>
    public string? Tmpfiles { get; init; }

    /// <summary>Its lines.</summary>
    public IReadOnlyList<string> TmpfilesLines { get; init; } = [];

    /// <summary>True when the host's manager must reload on merge (a drop-in was added).</summary>
    public bool NeedsReload => DropIns.Count > 0;
}
