using Flix.Oci.Rootfs;

namespace Flix.Testing.Boot;

/// <summary>What <see cref="BootTester"/> boots, and with what.</summary>
public sealed record BootTestOptions
{
    /// <summary>Image files (.raw) or directory extensions.</summary>
    public required IReadOnlyList<string> Images { get; init; }

    /// <summary>A root file system with systemd to boot; null for <see cref="Image"/> or the cached default.</summary>
    public string? RootDirectory { get; init; }

    /// <summary>An image to pull (through Flix's rootfs code) and boot; null for <see cref="RootDirectory"/> or the cached default.</summary>
    public string? Image { get; init; }

    /// <summary>How <see cref="Image"/> is pulled.</summary>
    public RootfsOptions Rootfs { get; init; } = new();

    /// <summary>Where the default boot root is kept; null for <see cref="BootRootCache.DefaultFolder"/>.</summary>
    public string? CacheFolder { get; init; }

    public OsReleaseChoice OsRelease { get; init; } = OsReleaseChoice.Host;

    /// <summary>How long the boot may take to settle.</summary>
    public TimeSpan BootTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>A command to run in the container once the units are checked; empty for none.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>Whether the command's output is kept in the result (else it passes through).</summary>
    public bool CaptureOutput { get; init; }

    /// <summary>How long the command may run.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Told what takes long (building the boot root, pulling, booting).</summary>
    public IProgress<string>? Progress { get; init; }
}
