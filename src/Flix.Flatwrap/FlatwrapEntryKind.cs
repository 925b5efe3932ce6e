namespace Flix.Flatwrap;

/// <summary>What an entry point became in the extension.</summary>
public enum FlatwrapEntryKind
{
    /// <summary>A wrapper script that runs the program in the private root.</summary>
    Wrapper,

    /// <summary>A symlink into the rootfs copy (folders, data files, links to them).</summary>
    Symlink,

    /// <summary>A copy of a systemd unit whose command lines run the wrappers.</summary>
    Unit,
}
