namespace Flix.Install.HostFiles;

/// <summary>Which of the package's folders come from the host once merged, and so must be made there.</summary>
public sealed record HostFilesOptions
{
    /// <summary>The extension's name: seeds go to /usr/share/NAME/etc, the tmpfiles.d file is flix-NAME.conf.</summary>
    public required string Name { get; init; }

    /// <summary>/var is the host's (Flix mode; Flatwrap with --varmap host): make the package's folders there.</summary>
    public bool VarFromHost { get; init; } = true;

    /// <summary>/etc is the host's (Flix mode; Flatwrap with --etcmap host): seed the package's configuration there.</summary>
    public bool EtcFromHost { get; init; } = true;
}
