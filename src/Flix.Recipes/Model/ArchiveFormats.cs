namespace Flix.Recipes.Model;

/// <summary>The names recipes give to <see cref="ArchiveFormat"/> values.</summary>
public static class ArchiveFormats
{
    private static readonly (string Name, ArchiveFormat Format)[] Table =
    [
        ("auto", ArchiveFormat.Auto), ("tar", ArchiveFormat.Tar), ("tar.gz", ArchiveFormat.TarGzip), ("tgz", ArchiveFormat.TarGzip),
        ("tar.xz", ArchiveFormat.TarXz), ("tar.zst", ArchiveFormat.TarZstd), ("tar.bz2", ArchiveFormat.TarBzip2), ("zip", ArchiveFormat.Zip),
        ("binary", ArchiveFormat.Binary), ("gz", ArchiveFormat.Gzip), ("deb", ArchiveFormat.Deb), ("rpm", ArchiveFormat.Rpm),
    ];

    public static IEnumerable<string> Names => Table.Select(t => t.Name);

    public static bool TryParse(string? name, out ArchiveFormat format)
    {
        foreach (var (n, f) in Table)
        {
            if (n == (name ?? "auto"))
            {
                format = f;
                return true;
            }
        }

        format = ArchiveFormat.Auto;
        return false;
    }

    public static string NameOf(ArchiveFormat format) => Table.First(t => t.Format == format).Name;
}
