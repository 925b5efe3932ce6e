using Flix.Core;
using Flix.Core.Tree;

namespace Flix.Testing.Host;

/// <summary>
/// A private folder (mode 0700) under the temp folder for one test run. It is removed afterwards only when nothing
/// is mounted below it, so that a leaked bind mount can never make the removal reach into an image or the host.
/// </summary>
public sealed class WorkFolder : IDisposable
{
    private WorkFolder(string path) => Path = path;

    public string Path { get; }

    /// <summary>Mount points found below the folder when it was to be removed (then it was left in place).</summary>
    public IReadOnlyList<string> LeftMounted { get; private set; } = [];

    public static WorkFolder Create(string prefix)
    {
        var folder = Directory.CreateTempSubdirectory(prefix);
        File.SetUnixFileMode(folder.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return new WorkFolder(folder.FullName);
    }

    public string Combine(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>The text of a file the run wrote, or empty when it did not.</summary>
    public string Read(string name) => File.Exists(Combine(name)) ? File.ReadAllText(Combine(name)) : string.Empty;

    /// <summary>At most the last <paramref name="limit"/> bytes of a file the run wrote, as text.</summary>
    public string ReadTail(string name, int limit)
    {
        string path = Combine(name);
        if (!File.Exists(path))
        {
            return string.Empty;
        }

        using var stream = File.OpenRead(path);
        var buffer = new byte[Math.Min(limit, stream.Length)];
        stream.Seek(-buffer.Length, SeekOrigin.End);
        stream.ReadExactly(buffer);
        return System.Text.Encoding.UTF8.GetString(buffer);
    }

    public void Dispose()
    {
        LeftMounted = HostMounts.Below(Path);
        if (LeftMounted.Count == 0)
        {
            TreeRemover.TryDelete(Path);
        }
    }

    /// <summary>Fails when something is still mounted below the folder (checked by <see cref="Dispose"/>).</summary>
    public void EnsureNothingMounted()
    {
        var mounted = HostMounts.Below(Path);
        if (mounted.Count > 0)
        {
            throw new FlixException($"{mounted[0]} is still mounted on the host after the test; the folder {Path} was left in place.");
        }
    }
}
