using Flix.Core.Tree;

namespace Flix.Erofs.Reading;

/// <summary>The content of a regular file inside an open image, read when it is opened.</summary>
internal sealed class ErofsFileContent(ErofsImage image, ErofsEntry entry) : FileContent
{
    public override long Length => entry.Size;

    public override Stream OpenRead() => image.OpenFile(entry);
}
