using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Flix.Core.Interop;

/// <summary>flock(2): advisory whole-file locks, held by an open file description and dropped when it is closed.</summary>
public static partial class Libc
{
    public const int LockExclusive = 2;
    public const int LockNonBlocking = 4;
    public const int EWOULDBLOCK = 11;
    public const int EINTR = 4;

    [LibraryImport(LibraryName, EntryPoint = "flock", SetLastError = true)]
    public static partial int Flock(SafeFileHandle fd, int operation);
}
