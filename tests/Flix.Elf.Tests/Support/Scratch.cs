namespace Flix.Elf.Tests.Support;

/// <summary>
/// A fresh folder below /tmp with a long name, removed with <c>rm -rf</c> (which never follows symbolic links, as the
/// copied root file systems are full of them).
/// </summary>
public sealed class Scratch : IDisposable
{
    public Scratch(string prefix = "flix-elf-")
    {
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose() => Tool.Run("rm", "-rf", "--one-file-system", Path);
}
