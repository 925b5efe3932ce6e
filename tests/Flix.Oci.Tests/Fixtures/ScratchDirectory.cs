using Flix.Core.Tree;
namespace Flix.Oci.Tests.Fixtures;

/// <summary>A fresh directory below the system temp folder, removed (read-only folders included) on dispose.</summary>
public sealed class ScratchDirectory : IDisposable
{
    public ScratchDirectory(string prefix = "flix-oci-test-")
    {
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose() => DeleteTree(Path);

    /// <summary>Deletes a tree that may hold read-only directories, never following a symlink; a missing tree is fine.</summary>
    public static void DeleteTree(string path) => TreeRemover.Delete(path);
}
