using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Flix.Core.Interop;

/// <summary>
/// The descriptor-relative (*at) calls used to work inside a root directory without following symlinks.
/// Every call takes the directory as a <see cref="SafeFileHandle"/> and a single path component.
/// </summary>
public static partial class Libc
{
    public const int ORdOnly = 0x0;
    public const int OWrOnly = 0x1;
    public const int OCreat = 0x40;
    public const int OExcl = 0x80;
    public const int ODirectory = 0x10000;
    public const int ONoFollow = 0x20000;
    public const int OCloExec = 0x80000;
    public const int ONonBlock = 0x800;

    /// <summary>statx flag: the descriptor itself is examined (with an empty path).</summary>
    public const int AtEmptyPath = 0x1000;

    public const int AtRemoveDir = 0x200;

    public const int ELOOP = 40;
    public const int ENOSYS = 38;
    public const int EXDEV = 18;

    /// <summary>S_IFMT and the file type bits of st_mode.</summary>
    public const uint FileTypeMask = 0xF000;
    public const uint FileTypeDirectory = 0x4000;
    public const uint FileTypeRegular = 0x8000;
    public const uint FileTypeSymlink = 0xA000;
    public const uint FileTypeCharacterDevice = 0x2000;
    public const uint FileTypeBlockDevice = 0x6000;
    public const uint FileTypeFifo = 0x1000;

    [LibraryImport(LibraryName, EntryPoint = "openat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int OpenAt(SafeFileHandle dirFd, string path, int flags, uint mode);

    [LibraryImport(LibraryName, EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Open(string path, int flags, uint mode);

    /// <summary>faccessat(2): <c>dirFd</c> AT_FDCWD (-100), <c>mode</c> W_OK (2) | X_OK (1), <c>flags</c> AT_EACCESS (0x200) for the effective ids.</summary>
    [LibraryImport(LibraryName, EntryPoint = "faccessat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int FAccessAt(int dirFd, string path, int mode, int flags);

    [LibraryImport(LibraryName, EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int StatxAt(SafeFileHandle dirFd, string path, int flags, uint mask, out StatxBuffer buffer);

    [LibraryImport(LibraryName, EntryPoint = "mkdirat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int MkDirAt(SafeFileHandle dirFd, string path, uint mode);

    [LibraryImport(LibraryName, EntryPoint = "unlinkat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int UnlinkAt(SafeFileHandle dirFd, string path, int flags);

    [LibraryImport(LibraryName, EntryPoint = "symlinkat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int SymlinkAt(string target, SafeFileHandle dirFd, string linkPath);

    /// <summary>linkat(2); with flags 0 a symlink named by <paramref name="oldPath"/> is linked itself, never followed.</summary>
    [LibraryImport(LibraryName, EntryPoint = "linkat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int LinkAt(SafeFileHandle oldDirFd, string oldPath, SafeFileHandle newDirFd, string newPath, int flags);

    [LibraryImport(LibraryName, EntryPoint = "mknodat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int MkNodAt(SafeFileHandle dirFd, string path, uint mode, ulong dev);

    [LibraryImport(LibraryName, EntryPoint = "fchownat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int FChOwnAt(SafeFileHandle dirFd, string path, uint uid, uint gid, int flags);

    [LibraryImport(LibraryName, EntryPoint = "fchmodat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int FChModAt(SafeFileHandle dirFd, string path, uint mode, int flags);

    [LibraryImport(LibraryName, EntryPoint = "lremovexattr", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int LRemoveXattr(string path, string name);

    [LibraryImport(LibraryName, EntryPoint = "utimensat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static unsafe partial int UTimensAt(SafeFileHandle dirFd, string path, Timespec* times, int flags);

    /// <summary>Sets access and modification time of <paramref name="name"/> in <paramref name="dirFd"/>, never following a symlink.</summary>
    public static unsafe int SetTimesAt(SafeFileHandle dirFd, string name, long seconds)
    {
        Timespec* times = stackalloc Timespec[2];
        times[0] = new Timespec { Seconds = seconds };
        times[1] = new Timespec { Seconds = seconds };
        return UTimensAt(dirFd, name, times, AtSymlinkNoFollow);
    }

    /// <summary>Wraps a descriptor returned by a call; null (errno kept) when the call failed.</summary>
    public static SafeFileHandle? Own(int fd) => fd < 0 ? null : new SafeFileHandle(fd, ownsHandle: true);

    /// <summary>The errno of the last failed call.</summary>
    public static int LastError() => Marshal.GetLastPInvokeError();

    /// <summary>Offset of d_name in glibc's struct dirent64 on 64-bit Linux (d_ino 8, d_off 8, d_reclen 2, d_type 1).</summary>
    private const int DirentNameOffset = 19;

    [LibraryImport(LibraryName, EntryPoint = "dup", SetLastError = true)]
    private static partial int Dup(SafeFileHandle fd);

    [LibraryImport(LibraryName, EntryPoint = "fdopendir", SetLastError = true)]
    private static partial nint FDOpenDir(int fd);

    [LibraryImport(LibraryName, EntryPoint = "rewinddir")]
    private static partial void RewindDir(nint dir);

    [LibraryImport(LibraryName, EntryPoint = "readdir64", SetLastError = true)]
    private static partial nint ReadDir(nint dir);

    [LibraryImport(LibraryName, EntryPoint = "closedir")]
    private static partial int CloseDir(nint dir);

    [LibraryImport(LibraryName, EntryPoint = "close")]
    private static partial int Close(int fd);

    /// <summary>The names in the open directory <paramref name="dirFd"/>, "." and ".." excluded; null (errno kept) on failure.</summary>
    public static unsafe List<string>? ReadDirectoryNames(SafeFileHandle dirFd)
    {
        int fd = Dup(dirFd);
        if (fd < 0)
        {
            return null;
        }

        nint dir = FDOpenDir(fd);
        if (dir == 0)
        {
            int error = LastError();
            Close(fd);
            Marshal.SetLastPInvokeError(error);
            return null;
        }

        try
        {
            RewindDir(dir);
            var names = new List<string>();
            while (true)
            {
                Marshal.SetLastPInvokeError(0);
                nint entry = ReadDir(dir);
                if (entry == 0)
                {
                    return LastError() == 0 ? names : null;
                }

                string name = Marshal.PtrToStringUTF8(entry + DirentNameOffset)!;
                if (name is not ("." or ".."))
                {
                    names.Add(name);
                }
            }
        }
        finally
        {
            CloseDir(dir);
        }
    }

    /// <summary>openat2(2)'s system call number: the same on x86-64 and arm64 (asm-generic).</summary>
    private const long SysOpenAt2 = 437;

    /// <summary>RESOLVE_NO_MAGICLINKS: no /proc/self/fd-style links.</summary>
    public const ulong ResolveNoMagicLinks = 0x02;

    /// <summary>RESOLVE_NO_SYMLINKS: no symlink in any component.</summary>
    public const ulong ResolveNoSymlinks = 0x04;

    /// <summary>RESOLVE_BENEATH: fail with EXDEV on anything that would leave the directory.</summary>
    public const ulong ResolveBeneath = 0x08;

    /// <summary>struct open_how of linux/openat2.h.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct OpenHow
    {
        public ulong Flags;
        public ulong Mode;
        public ulong Resolve;
    }

    [LibraryImport(LibraryName, EntryPoint = "syscall", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial long SysCallOpenAt2(long number, nint dirFd, string path, OpenHow* how, nuint size);

    /// <summary>openat2(2) (Linux 5.6+; glibc has no wrapper): a descriptor, or -1 with errno (ENOSYS on an older kernel).</summary>
    public static unsafe int OpenAt2(SafeFileHandle dirFd, string path, int flags, ulong resolve)
    {
        bool added = false;
        try
        {
            dirFd.DangerousAddRef(ref added);
            var how = new OpenHow { Flags = (ulong)flags, Resolve = resolve };
            return (int)SysCallOpenAt2(SysOpenAt2, dirFd.DangerousGetHandle(), path, &how, (nuint)sizeof(OpenHow));
        }
        finally
        {
            if (added)
            {
                dirFd.DangerousRelease();
            }
        }
    }
}
