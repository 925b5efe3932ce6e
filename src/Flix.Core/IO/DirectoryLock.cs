using System.Runtime.InteropServices;
using Flix.Core.Interop;
using Microsoft.Win32.SafeHandles;

namespace Flix.Core.IO;

/// <summary>
/// An exclusive flock(2) on a directory, held until disposed: serialises read-modify-write of a shared file in that
/// directory (SHA256SUMS of an output folder) between processes and within one. The directory itself is locked, so
/// nothing is left behind in it and a file replaced by rename stays covered.
/// </summary>
public sealed class DirectoryLock : IDisposable
{
    /// <summary>How long to wait between tries while another holder keeps the lock.</summary>
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(20);

    private readonly SafeFileHandle _handle;

    private DirectoryLock(SafeFileHandle handle) => _handle = handle;

    /// <summary>Takes the lock on <paramref name="directory"/>, waiting while another process or caller holds it.</summary>
    /// <exception cref="IOException">The directory cannot be opened or locked; the message names it.</exception>
    public static async Task<DirectoryLock> AcquireAsync(string directory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        int fd = Libc.Open(directory, Libc.ORdOnly | Libc.ODirectory | Libc.OCloExec, 0);
        if (fd < 0)
        {
            throw new IOException($"Cannot open the folder '{directory}' to lock it: {Libc.LastErrorText()}.");
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            while (Libc.Flock(handle, Libc.LockExclusive | Libc.LockNonBlocking) != 0)
            {
                int error = Marshal.GetLastPInvokeError();
                if (error is not (Libc.EWOULDBLOCK or Libc.EINTR))
                {
                    throw new IOException($"Cannot lock the folder '{directory}': {Marshal.GetPInvokeErrorMessage(error)}.");
                }

                await Task.Delay(RetryDelay, cancellationToken).ConfigureAwait(false);
            }

            return new DirectoryLock(handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Releases the lock (closing the descriptor drops it).</summary>
    public void Dispose() => _handle.Dispose();
}
