namespace Flix.IntegrationTests.Oracles;

/// <summary>What the kernel's squashfs driver showed of an image mounted in a private namespace.</summary>
public sealed record KernelMountResult(
    int MountExitCode,
    string MountError,
    int DiffExitCode,
    string DiffOutput,
    string FileSystemType,
    TreeSnapshot? Snapshot);
