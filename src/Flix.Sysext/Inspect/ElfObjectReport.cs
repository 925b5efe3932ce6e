namespace Flix.Sysext.Inspect;

/// <summary>An ELF program or library of an image: what it loads with, where it looks, and where each dependency is.</summary>
public sealed record ElfObjectReport
{
    /// <summary>Relative to the image root.</summary>
    public required string Path { get; init; }

    /// <summary>The machine as systemd names architectures where it can (x86-64, arm64), else the ELF machine.</summary>
    public required string Machine { get; init; }

    /// <summary>32 or 64.</summary>
    public required int Bits { get; init; }

    /// <summary>program, library or static-program.</summary>
    public required string Kind { get; init; }

    /// <summary>PT_INTERP, or null for libraries and static programs.</summary>
    public string? Interpreter { get; init; }

    /// <summary>Where <see cref="Interpreter"/> is in the image, or null when the host must provide it.</summary>
    public string? InterpreterInImage { get; init; }

    public string? RunPath { get; init; }

    public string? RPath { get; init; }

    /// <summary>DF_1_NODEFLIB: the loader does not fall back on the default folders (the host's, once merged).</summary>
    public required bool NoDefaultLib { get; init; }

    public required IReadOnlyList<ElfNeededLibrary> Needed { get; init; }

    /// <summary>
    /// True when a missing library cannot come from the host: the object bars the default folders, or it is run by
    /// a loader shipped in the image (which does not read the host's cache).
    /// </summary>
    public bool IsSelfContained => NoDefaultLib || InterpreterInImage is not null;
}
