namespace Flix.IntegrationTests.Oracles;

/// <summary>
/// One line of <c>unsquashfs -lln</c>: mode string, numeric owner, size (or major,minor), date to the minute,
/// path relative to the image root, and the target of a symlink.
/// </summary>
public sealed record ListingEntry(
    string Path,
    string ModeString,
    uint Uid,
    uint Gid,
    string SizeOrDevice,
    string Time,
    string? LinkTarget)
{
    public override string ToString() =>
        $"{ModeString} {Uid}/{Gid} {SizeOrDevice} {Time} {(Path.Length == 0 ? "." : Path)}{(LinkTarget is null ? string.Empty : " -> " + LinkTarget)}";
}
