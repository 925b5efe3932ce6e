namespace Flix.Install.Sandbox;

/// <summary>How the image's programs run on this machine.</summary>
/// <param name="Machine">The image's machine, as named by qemu (e.g. aarch64); null for the host's own.</param>
/// <param name="HostEntry">The host's binfmt_misc entry that runs them, when one does.</param>
/// <param name="PrivateRegistration">The line registering qemu-user-static in a private binfmt_misc instance, when needed.</param>
public sealed record Emulation(string? Machine, string? HostEntry, string? PrivateRegistration)
{
    /// <summary>The image's programs run natively.</summary>
    public static Emulation Native { get; } = new(null, null, null);

    /// <summary>True when the sandbox must mount a private binfmt_misc (which needs a user namespace).</summary>
    public bool NeedsPrivateBinfmt => PrivateRegistration is not null;
}
