namespace Flix.Install.Sandbox;

/// <summary>What a successful sandbox run left behind besides the rootfs's files.</summary>
public sealed record SandboxRunResult
{
    /// <summary>How the image's programs ran.</summary>
    public required Emulation Emulation { get; init; }

    /// <summary>Entries the commands gave to subordinate ids (ordinary users only), now the caller's on disk.</summary>
    public required IReadOnlyList<ForeignOwner> ForeignOwners { get; init; }
}
