using System.Security.Cryptography;
using System.Text;

namespace Flix.Core.IO;

/// <summary>
/// Publishes files by writing a temporary file in the same folder and renaming it over the target, so that readers
/// see the old file or the whole new one, never a part. Published files get mode 0644 (temporary files are created
/// with the caller's umask). On failure or cancellation the temporary file is deleted.
/// </summary>
public static class AtomicFile
{
    /// <summary>A fresh hidden temporary path beside <paramref name="targetPath"/>: ".NAME.RANDOM.KIND".</summary>
    public static string TemporaryPathFor(string targetPath, string kind = "tmp")
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(targetPath))!;
        string name = Path.GetFileName(targetPath).TrimStart('.');
        string random = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        return Path.Combine(directory, $".{name}.{random}.{kind}");
    }

    /// <summary>Writes <paramref name="text"/> (UTF-8, no BOM) to <paramref name="path"/> atomically, mode 0644.</summary>
    public static Task WriteAllTextAsync(string path, string text, CancellationToken cancellationToken = default) =>
        WriteAsync(path, async (stream, ct) => await stream.WriteAsync(new UTF8Encoding(false).GetBytes(text), ct).ConfigureAwait(false), cancellationToken);

    /// <summary>
    /// Creates a temporary file beside <paramref name="path"/>, lets <paramref name="write"/> fill it, flushes it to
    /// disk and renames it to <paramref name="path"/>.
    /// </summary>
    public static Task WriteAsync(string path, Func<FileStream, CancellationToken, Task> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        return PublishAsync(path, async (temporary, ct) =>
        {
            var stream = new FileStream(temporary, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.ReadWrite,
                Share = FileShare.None,
                Options = FileOptions.Asynchronous,
            });
            await using (stream.ConfigureAwait(false))
            {
                await write(stream, ct).ConfigureAwait(false);
                await stream.FlushAsync(ct).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            return true;
        }, cancellationToken);
    }

    /// <summary>The synchronous <see cref="WriteAsync"/>, for callers with no asynchronous path.</summary>
    public static void Write(string path, Action<FileStream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string temporary = TemporaryPathFor(path);
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            Publish(temporary, path);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>
    /// Lets <paramref name="write"/> make the file at the temporary path it is given (a writer that takes a path, such
    /// as an image writer; it flushes what it wrote), then renames it to <paramref name="path"/>; returns what
    /// <paramref name="write"/> returned.
    /// </summary>
    public static async Task<T> PublishAsync<T>(string path, Func<string, CancellationToken, Task<T>> write, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string temporary = TemporaryPathFor(path);
        try
        {
            var result = await write(temporary, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            Publish(temporary, path);
            return result;
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>Deletes <paramref name="path"/> if it can; for cleaning up after a failure, which must not hide the failure.</summary>
    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static void Publish(string temporary, string path)
    {
        File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.Move(temporary, path, overwrite: true);
    }
}
