namespace Flix.Sysext.Inspect;

/// <summary>One DT_NEEDED entry of an ELF file in an image, and the file it resolves to inside the image.</summary>
public sealed record ElfNeededLibrary
{
    public required string Name { get; init; }

    /// <summary>The file the loader would load from the image (absolute, as on the merged host), or null when the image does not hold it.</summary>
    public string? ResolvedPath { get; init; }

    /// <summary>musl's loader answers it itself (libc.so, libpthread.so.0, …).</summary>
    public bool ProvidedByLoader { get; init; }

    public bool IsResolved => ResolvedPath is not null || ProvidedByLoader;
}
