using System.Runtime.InteropServices;

namespace Flix.HostileRoot.Tests.Support;

/// <summary>libc calls on raw byte paths, for names that are not UTF-8.</summary>
internal static unsafe partial class RawInterop
{
    [LibraryImport("libc", EntryPoint = "mknod", SetLastError = true)]
    public static partial int Mknod(byte* path, uint mode, ulong device);
}
