namespace Flix.Sysext;

/// <summary>What <see cref="SysextPacker"/> writes.</summary>
public enum ImageFormat
{
    /// <summary>A SquashFS image, NAME.raw (what every Flatcar release can merge).</summary>
    SquashFs,

    /// <summary>An EROFS image made by mkfs.erofs, NAME.raw.</summary>
    Erofs,

    /// <summary>A plain directory, which systemd-sysext merges as well.</summary>
    Directory,
}
