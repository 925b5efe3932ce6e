using Flix.Core.Tree;

namespace Flix.Install.Tests.Support;

/// <summary>An empty temp folder standing for an image's root; removed on dispose without following links.</summary>
public sealed class TempRoot : IDisposable
{
    public TempRoot()
    {
        Root = Directory.CreateTempSubdirectory("flix-root-").FullName;
    }

    public string Root { get; }

    public string PathOf(string relative) => Path.Combine(Root, relative.TrimStart('/'));

    public void Dispose() => TreeRemover.TryDelete(Root);
}
