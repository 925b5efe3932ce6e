using System.Runtime.Versioning;

// Mount namespaces, loop devices, squashfs and systemd-sysext: these tests exist only on Linux.
[assembly: SupportedOSPlatform("linux")]
