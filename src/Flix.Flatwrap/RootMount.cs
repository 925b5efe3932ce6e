namespace Flix.Flatwrap;

/// <summary>One folder of the private root: its absolute path there, how it is made, and a symlink's target.</summary>
public sealed record RootMount(string Path, RootMountKind Kind, string? LinkTarget = null);
