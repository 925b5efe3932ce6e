using System.Diagnostics;

namespace Flix.Tests.Support;

/// <summary>A fresh directory below the system temp folder, removed (read-only folders included) on dispose.</summary>
public sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory()
    {
        Path = Directory.CreateTempSubdirectory("flix-test-").FullName;
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        // chmod first: materialized trees hold read-only directories.
        using var chmod = Process.Start("chmod", ["-R", "u+rwx", Path]);
        chmod.WaitForExit();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
