namespace Flix.Flatwrap;

/// <summary>Where a folder of the private root (/etc, /var, /home) comes from.</summary>
public enum FolderMapping
{
    /// <summary>The host's folder is bound in: the program sees and changes the host's files.</summary>
    Host,

    /// <summary>The image's folder is bound in (read-only once merged): the program sees the files it was built with.</summary>
    Chroot,
}
