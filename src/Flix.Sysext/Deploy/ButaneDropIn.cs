namespace Flix.Sysext.Deploy;

/// <summary>A drop-in of a systemd unit: <see cref="Name"/> ends in .conf.</summary>
public sealed record ButaneDropIn(string Name, string Contents);
