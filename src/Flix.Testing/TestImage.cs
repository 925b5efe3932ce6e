using Flix.Core;
using Flix.Sysext;
using Flix.Sysext.Inspect;
using Flix.Sysext.Units;

namespace Flix.Testing;

/// <summary>An extension given to <c>flix test</c>: where it is, the name it is merged under, and the units it enables.</summary>
public sealed record TestImage
{
    /// <summary>The image file or folder, absolute.</summary>
    public required string Path { get; init; }

    /// <summary>The name systemd-sysext sees (NAME for NAME-VERSION-ARCH.raw whose metadata is for NAME).</summary>
    public required string Name { get; init; }

    public required ImageFormat Format { get; init; }

    public required ExtensionUnits Units { get; init; }

    public bool IsDirectory => Format == ImageFormat.Directory;

    /// <summary>Where the extension is placed for systemd-sysext: NAME.raw, or NAME for a folder.</summary>
    public string ExtensionFileName => IsDirectory ? Name : Name + ExtensionImageName.RawSuffix;

    /// <summary>Reads every image enough to name it and find its units; two images under one name are refused.</summary>
    public static IReadOnlyList<TestImage> ResolveAll(IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 0)
        {
            throw new FlixException("flix test needs at least one image.");
        }

        var images = new List<TestImage>();
        foreach (var given in paths)
        {
            string path = System.IO.Path.GetFullPath(given);
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                throw new FlixException($"'{given}' does not exist.");
            }

            using var image = ExtensionImage.Open(path);
            var resolved = new TestImage { Path = path, Name = image.InstallName(), Format = image.Format, Units = ExtensionUnits.Scan(image.Tree) };
            if (images.FirstOrDefault(other => other.Name == resolved.Name) is { } clash)
            {
                throw new FlixException($"'{clash.Path}' and '{path}' are both the extension '{resolved.Name}'; systemd-sysext merges only one extension of a name.");
            }

            images.Add(resolved);
        }

        return images;
    }
}
