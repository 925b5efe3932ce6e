using System.Security.Cryptography;
using System.Text;

namespace Flix.Core.IO;

/// <summary>Publishes files by writing a temporary file in the same folder and renaming it over the target.</summary>
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
    /// disk and renames it to <paramref name="path"/>. On failure or cancellation the temporary file is deleted.
    /// </summary>
    public static async Task WriteAsync(string path, Func<FileStream, CancellationToken, Task> write, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string temporary = TemporaryPathFor(path);
        try
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
                await write(stream, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            cancellationToken.ThrowIfCancellationRequested();
            SetPublicMode(temporary);
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>Gives a published file mode 0644 (temporary files are created with the caller's umask).</summary>
    public static void SetPublicMode(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
    }

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
}
