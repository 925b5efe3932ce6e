namespace Flix.Install.Sandbox;

/// <summary>
/// An entry a command gave to a subordinate user or group (as an ordinary user, inside the user namespace): its owner
/// and mode as the image should have them. On disk it now belongs to the caller, who could not otherwise use it.
/// </summary>
/// <param name="Path">The path relative to the rootfs, without a leading '/'.</param>
public sealed record ForeignOwner(string Path, uint UserId, uint GroupId, UnixFileMode Mode);
