using Flix.Core.Tree;
using Flix.TestSupport.Processes;

namespace Flix.TestSupport.Files;

/// <summary>
/// A fresh directory below the system temp folder, deleted with everything below it on dispose: read-only folders
/// included, never following a symlink (<see cref="TreeRemover"/>), and never through a mount that leaked out of a
/// private namespace (that is an error, and nothing is deleted).
/// </summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix = "flix-test-")
    {
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
    }

    public string Path { get; }

    /// <summary>A temp directory named <c>flix-it-PREFIX-…</c>.</summary>
    public static TempDirectory Create(string prefix) => new($"flix-it-{prefix}-");

    /// <summary>A path below this directory (not created).</summary>
    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>A new empty subdirectory.</summary>
    public string CreateSubdirectory(string name) => Directory.CreateDirectory(Combine(name)).FullName;

    public void Dispose() => DeleteTree(Path);

    /// <summary>Deletes a tree that may hold read-only directories and links out of it; a missing tree is fine.</summary>
    public static void DeleteTree(string path)
    {
        MountTable.AssertNothingMountedBelow(path);
        try
        {
            TreeRemover.Delete(path);
        }
        catch (IOException)
        {
            // A name that is not UTF-8 (a test of such names) cannot be removed by name from .NET; rm never follows
            // links either, and nothing is mounted below.
            ProcessRunner.Run("rm", "-rf", "--one-file-system", "--", path).EnsureSuccess();
        }
    }
}
