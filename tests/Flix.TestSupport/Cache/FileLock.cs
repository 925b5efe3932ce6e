using System.Runtime.InteropServices;
using Flix.Core.Interop;
using Microsoft.Win32.SafeHandles;

namespace Flix.TestSupport.Cache;

/// <summary>
/// An exclusive flock(2) on a lock file that stays in place, shared by every process of the machine (test projects
/// run in parallel, and so do worktrees). The kernel drops the lock when the holder exits, also when it crashes.
/// </summary>
public sealed partial class FileLock : IDisposable
{
    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;
    private const int LockUnlock = 8;
    private const int WouldBlock = 11;

    private readonly SafeFileHandle _handle;

    private FileLock(SafeFileHandle handle) => _handle = handle;

    /// <summary>Takes the lock on <paramref name="path"/> (created when missing), waiting up to <paramref name="timeout"/> for its holder.</summary>
    public static async Task<FileLock> AcquireAsync(string path, TimeSpan timeout, CancellationToken ct = default)
    {
        var handle = Libc.Own(Libc.Open(path, Libc.ORdOnly | Libc.OCreat | Libc.OCloExec, 0x1A4))
            ?? throw new IOException($"Cannot open the lock file '{path}': {Libc.LastErrorText()}.");
        var deadline = DateTime.UtcNow + timeout;
        while (Flock(handle, LockExclusive | LockNonBlocking) != 0)
        {
            if (Marshal.GetLastPInvokeError() != WouldBlock)
            {
                string error = Libc.LastErrorText();
                handle.Dispose();
                throw new IOException($"Cannot lock '{path}': {error}.");
            }

            if (DateTime.UtcNow >= deadline)
            {
                handle.Dispose();
                throw new TimeoutException($"Another process held the lock '{path}' for more than {timeout}; is a fixture build stuck?");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        }

        return new FileLock(handle);
    }

    public void Dispose()
    {
        _ = Flock(_handle, LockUnlock);
        _handle.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(SafeFileHandle fd, int operation);
}
