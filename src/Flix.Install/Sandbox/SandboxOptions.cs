namespace Flix.Install.Sandbox;

/// <summary>Where and how <see cref="SandboxRunner"/> runs commands.</summary>
public sealed record SandboxOptions
{
    /// <summary>The rootfs directory the commands run in (it becomes their /).</summary>
    public required string Rootfs { get; init; }

    /// <summary>Where the commands' standard output and error go, line by line; null to drop them.</summary>
    public TextWriter? Output { get; init; }

    /// <summary>The machine this runs on; null for the real one.</summary>
    public SandboxHost? Host { get; init; }
}
