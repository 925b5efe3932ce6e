namespace Flix.Flatwrap;

/// <summary>How one folder of the private root is made.</summary>
public enum RootMountKind
{
    /// <summary>The image's folder is bound in.</summary>
    ChrootFolder,

    /// <summary>The image has a symlink there (merged /usr: lib -> usr/lib); the same link is made.</summary>
    ChrootSymlink,

    /// <summary>The host's folder is bound in, when the host has it.</summary>
    HostFolder,
}
