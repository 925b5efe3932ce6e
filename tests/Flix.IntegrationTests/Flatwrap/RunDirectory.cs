using Flix.TestSupport.Files;

namespace Flix.IntegrationTests.Flatwrap;

/// <summary>
/// A world-readable folder under /tmp for what the wrapped programs read and write (nginx's config, pages, logs):
/// /tmp is one of the host folders the private root binds, whatever TMPDIR says. Deleted on dispose.
/// </summary>
public sealed class RunDirectory : IDisposable
{
    public RunDirectory()
    {
        Path = System.IO.Path.Combine("/tmp", "flix-it-flatwrap-run-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
        File.SetUnixFileMode(Path, (UnixFileMode)0x1FF); // 0777: nobody writes its pid file and logs here
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>A new subfolder anyone may write to.</summary>
    public string CreateSubdirectory(string name)
    {
        string path = Combine(name);
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, (UnixFileMode)0x1FF);
        return path;
    }

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            MountTable.AssertNothingMountedBelow(Path);
            Directory.Delete(Path, recursive: true);
        }
    }
}
