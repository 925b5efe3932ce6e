using System.Diagnostics.CodeAnalysis;

namespace Flix.Sysext;

/// <summary>The one map between <see cref="ImageFormat"/> values and their names: <c>--format</c>'s, JSON's and the text reports'.</summary>
public static class ImageFormatNames
{
    private static readonly (ImageFormat Format, string Name, string Description)[] Table =
    [
        (ImageFormat.SquashFs, "squashfs", "squashfs"),
        (ImageFormat.Erofs, "erofs", "erofs"),
        (ImageFormat.Directory, "dir", "directory"),
    ];

    /// <summary>The names <c>--format</c> takes, in the order shown to users.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Table.Select(row => row.Name)];

    /// <summary>squashfs, erofs or dir, as <c>flix pack --format</c> spells them.</summary>
    public static string NameOf(ImageFormat format) => Row(format).Name;

    /// <summary>The word text reports use: squashfs, erofs or directory.</summary>
    public static string DescriptionOf(ImageFormat format) => Row(format).Description;

    /// <summary>The format <paramref name="name"/> names, as <c>--format</c> takes it.</summary>
    public static bool TryParse(string? name, [NotNullWhen(true)] out ImageFormat? format)
    {
        format = Table.Where(row => row.Name == name).Select(row => (ImageFormat?)row.Format).FirstOrDefault();
        return format is not null;
    }

    private static (ImageFormat Format, string Name, string Description) Row(ImageFormat format) =>
        Table.First(row => row.Format == format);
}
