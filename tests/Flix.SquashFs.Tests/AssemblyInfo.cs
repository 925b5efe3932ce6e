// The tests drive Linux tools (mksquashfs, unsquashfs, mknod) and Linux file-system features.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
