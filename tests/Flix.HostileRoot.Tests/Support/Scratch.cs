using Flix.Core.Tree;

namespace Flix.HostileRoot.Tests.Support;

/// <summary>A fresh folder below the temp folder, removed without ever following a link out of it.</summary>
public sealed class Scratch : IDisposable
{
    public Scratch(string prefix = "flix-hostile-")
    {
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public string CreateDirectory(params string[] parts) => Directory.CreateDirectory(Combine(parts)).FullName;

    public void Dispose()
    {
        TreeRemover.TryDelete(Path);
        if (System.IO.Path.Exists(Path))
        {
            // Names that are not UTF-8 cannot be named back through .NET; rm never follows a link either.
            using var rm = System.Diagnostics.Process.Start("rm", ["-rf", "--one-file-system", Path]);
            rm.WaitForExit();
        }
    }
}
