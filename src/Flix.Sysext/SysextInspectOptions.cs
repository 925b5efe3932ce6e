namespace Flix.Sysext;

/// <summary>What <see cref="SysextInspector"/> reads.</summary>
public sealed record SysextInspectOptions
{
    /// <summary>The image file (SquashFS) or directory extension to inspect.</summary>
    public required string ImagePath { get; init; }

    /// <summary>Also list every entry of the image, in stored order.</summary>
    public bool ListEntries { get; init; }
}
