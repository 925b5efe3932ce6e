using Flix.Core.Tree;
using Flix.Erofs.Reading;
using Flix.SquashFs.Reading;

namespace Flix.Sysext.Inspect;

/// <summary>
/// An extension opened for reading whatever its format — a SquashFS or EROFS image, or a directory — as a tree
/// whose file contents are read lazily (keep the instance open while they are used), with the name systemd-sysext
/// must find it under for its metadata to match.
/// </summary>
public sealed class ExtensionImage : IDisposable
{
    private readonly IDisposable? _image;

    private ExtensionImage(string path, ImageFormat format, FileTree tree, IDisposable? image)
    {
        Path = path;
        Format = format;
        Tree = tree;
        _image = image;
    }

    public string Path { get; }

    public ImageFormat Format { get; }

    public FileTree Tree { get; }

    /// <summary>Opens <paramref name="path"/>; a file must carry the SquashFS or the EROFS magic.</summary>
    /// <exception cref="InvalidDataException">The file is no image or a malformed one; the message names it.</exception>
    public static ExtensionImage Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
        {
            return new ExtensionImage(path, ImageFormat.Directory, DirectoryTreeReader.Read(path), null);
        }

        var header = new byte[ImageSignature.HeaderLength];
        int read;
        using (var stream = File.OpenRead(path))
        {
            read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }

        switch (ImageSignature.Detect(header.AsSpan(0, read)))
        {
            case ImageFormat.SquashFs:
                var squashFs = SquashFsImage.Open(path);
                return Wrap(path, ImageFormat.SquashFs, squashFs, squashFs.ReadTree);
            case ImageFormat.Erofs:
                var erofs = ErofsImage.Open(path);
                return Wrap(path, ImageFormat.Erofs, erofs, erofs.ReadTree);
            default:
                throw new InvalidDataException(
                    $"'{path}' is not a system extension image: it starts with {ImageSignature.DescribeStart(header.AsSpan(0, read))}, which is neither SquashFS nor EROFS.");
        }
    }

    /// <summary>
    /// The name to install the extension under so that its metadata matches (NAME for NAME-VERSION-ARCH.raw whose
    /// metadata is extension-release.NAME), without .raw; the file or folder name itself when no metadata matches,
    /// so that systemd-sysext says why it refuses.
    /// </summary>
    public string InstallName()
    {
        string fileName = System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(Path)));
        var parsed = ExtensionImageName.Parse(fileName, Format == ImageFormat.Directory);
        var names = Tree.Find(ExtensionRelease.DirectoryPath) is { IsDirectory: true } folder
            ? folder.Children.Keys.Select(ExtensionReleaseFile.NameOf).OfType<string>().ToList()
            : [];
        if (names.Contains(parsed.ImageName, StringComparer.Ordinal))
        {
            return parsed.ImageName;
        }

        return names.FirstOrDefault(name => parsed.As(name) is not null) ?? parsed.ImageName;
    }

    public void Dispose() => _image?.Dispose();

    private static ExtensionImage Wrap(string path, ImageFormat format, IDisposable image, Func<FileTree> read)
    {
        try
        {
            return new ExtensionImage(path, format, read(), image);
        }
        catch
        {
            image.Dispose();
            throw;
        }
    }
}
