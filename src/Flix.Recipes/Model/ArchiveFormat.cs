namespace Flix.Recipes.Model;

/// <summary>How a downloaded artifact is unpacked.</summary>
public enum ArchiveFormat
{
    /// <summary>Chosen from the first bytes.</summary>
    Auto,
    Tar,
    TarGzip,
    TarXz,
    TarZstd,
    TarBzip2,
    Zip,

    /// <summary>The file itself (a static program, a Wasm module), named by the URL's last segment.</summary>
    Binary,

    /// <summary>One gzip-compressed file (not a tar), named by the URL's last segment without ".gz".</summary>
    Gzip,

    /// <summary>The data.tar.* payload of a Debian package.</summary>
    Deb,

    /// <summary>The cpio payload of an RPM package.</summary>
    Rpm,
}
