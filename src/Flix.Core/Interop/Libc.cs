using System.Runtime.InteropServices;

namespace Flix.Core.Interop;

/// <summary>The few libc calls the BCL does not offer. Paths are UTF-8; errors are in errno.</summary>
public static partial class Libc
{
    private const string LibraryName = "libc";

    public const int AtFdCwd = -100;
    public const int AtSymlinkNoFollow = 0x100;
    public const uint StatxBasicStats = 0x7FF;
    public const int ENODATA = 61;
    public const int ERANGE = 34;
    public const int ENOTSUP = 95;
    public const int EEXIST = 17;
    public const int ENOENT = 2;

    /// <summary>renameat2 flag: swap the two entries atomically.</summary>
    public const uint RenameExchange = 2;

    /// <summary>lsetxattr flag: fail when the attribute already exists.</summary>
    public const int XattrCreate = 1;

    [LibraryImport(LibraryName, EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Statx(int dirFd, string path, int flags, uint mask, out StatxBuffer buffer);

    [LibraryImport(LibraryName, EntryPoint = "llistxattr", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static unsafe partial nint LListXattr(string path, byte* list, nuint size);

    [LibraryImport(LibraryName, EntryPoint = "lgetxattr", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static unsafe partial nint LGetXattr(string path, string name, byte* value, nuint size);

    [LibraryImport(LibraryName, EntryPoint = "lsetxattr", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static unsafe partial int LSetXattr(string path, string name, byte* value, nuint size, int flags);

    [LibraryImport(LibraryName, EntryPoint = "lchown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int LChown(string path, uint uid, uint gid);

    [LibraryImport(LibraryName, EntryPoint = "mknod", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int MkNod(string path, uint mode, ulong dev);

    [LibraryImport(LibraryName, EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    /// <summary>SIGRTMIN as this libc numbers it (glibc keeps the first real-time signals for itself).</summary>
    [LibraryImport(LibraryName, EntryPoint = "__libc_current_sigrtmin")]
    public static partial int CurrentSigRtMin();

    [LibraryImport(LibraryName, EntryPoint = "geteuid")]
    public static partial uint GetEUid();

    [LibraryImport(LibraryName, EntryPoint = "getegid")]
    public static partial uint GetEGid();

    [LibraryImport(LibraryName, EntryPoint = "mkdir", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int MkDir(string path, uint mode);

    [LibraryImport(LibraryName, EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Link(string existingPath, string newPath);

    [LibraryImport(LibraryName, EntryPoint = "symlink", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Symlink(string target, string linkPath);

    [LibraryImport(LibraryName, EntryPoint = "chmod", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int ChMod(string path, uint mode);

    [LibraryImport(LibraryName, EntryPoint = "renameat2", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int RenameAt2(int oldDirFd, string oldPath, int newDirFd, string newPath, uint flags);

    /// <summary>utimensat(2); <paramref name="times"/> points at two timespecs (access, modification).</summary>
    [LibraryImport(LibraryName, EntryPoint = "utimensat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static unsafe partial int UTimensAt(int dirFd, string path, Timespec* times, int flags);

    /// <summary>Sets access and modification time of <paramref name="path"/> without following a final symlink.</summary>
    public static unsafe int SetTimesNoFollow(string path, long seconds)
    {
        Timespec* times = stackalloc Timespec[2];
        times[0] = new Timespec { Seconds = seconds };
        times[1] = new Timespec { Seconds = seconds };
        return UTimensAt(AtFdCwd, path, times, AtSymlinkNoFollow);
    }

    /// <summary>The glibc makedev encoding of a device number.</summary>
    public static ulong MakeDev(uint major, uint minor) =>
        ((ulong)(major & 0xFFFFF000) << 32) | ((ulong)(major & 0xFFF) << 8) |
        ((ulong)(minor & 0xFFFFFF00) << 12) | (minor & 0xFF);

    /// <summary>Text for the last error of a libc call.</summary>
    public static string LastErrorText() => Marshal.GetLastPInvokeErrorMessage();
}
