using System.Text;
using Flix.Core;
using Flix.Core.Tree;

namespace Flix.Install.Packages;

/// <summary>Reads a text file of an image's model as hostile input: links followed inside the image, its size bounded.</summary>
internal static class ModelText
{
    /// <summary>The text of <paramref name="path"/> in <paramref name="rootfs"/>; empty when it is no regular file; an error naming it when larger than <paramref name="maxBytes"/>.</summary>
    public static string Read(FileTree rootfs, string path, int maxBytes)
    {
        if (RootfsPathResolver.Resolve(rootfs, path, followLast: true) is not { Node: { Kind: EntryKind.RegularFile, Content: { } content } })
        {
            return string.Empty;
        }

        if (content.Length > maxBytes)
        {
            throw new FlixException($"The image's {path} is larger than {maxBytes} bytes.");
        }

        using var stream = content.OpenRead();
        using var reader = new StreamReader(stream, new UTF8Encoding(false));
        return reader.ReadToEnd();
    }
}
