namespace Flix.Sysext;

/// <summary>The stable ids of the layout checks. Never renumber: scripts may filter on them.</summary>
public static class DiagnosticIds
{
    /// <summary>A top-level entry other than usr/ and opt/: systemd-sysext does not merge it.</summary>
    public const string OutsideHierarchies = "FLX101";

    /// <summary>The tree has no entry but directories.</summary>
    public const string EmptyTree = "FLX102";

    /// <summary>usr/sbin is shipped; on Flatcar /usr/sbin is a symlink to bin and would be shadowed.</summary>
    public const string UsrSbin = "FLX103";

    /// <summary>opt/ is shipped; the merged /opt becomes read-only.</summary>
    public const string ShipsOpt = "FLX104";

    /// <summary>usr/lib/os-release is shipped; it would replace the host's.</summary>
    public const string ShipsOsRelease = "FLX105";

    /// <summary>An extension-release file for another name is shipped; systemd-sysext ignores it.</summary>
    public const string ForeignExtensionRelease = "FLX106";

    /// <summary>The tree already has extension-release.NAME; it is replaced by the generated one.</summary>
    public const string ReplacedExtensionRelease = "FLX107";

    /// <summary>usr or opt (or the extension-release folder) is not a directory.</summary>
    public const string NotADirectory = "FLX108";

    /// <summary>An image holds no extension-release file at all; systemd-sysext refuses it.</summary>
    public const string MissingExtensionRelease = "FLX109";

    /// <summary>A versioned image (NAME-VERSION-ARCH.raw) whose metadata is extension-release.NAME: it must be seen on the host as NAME.raw.</summary>
    public const string InstallName = "FLX110";

    /// <summary>No extension-release file of an image matches its file name, versioned or not.</summary>
    public const string NameMismatch = "FLX111";

    /// <summary>An extension-release file has a line that is not KEY=value.</summary>
    public const string MalformedExtensionRelease = "FLX112";

    /// <summary>Flix mode closure check: an ELF file needs a library that no folder of its run path in the extension holds.</summary>
    public const string MissingLibrary = "FLX201";

    /// <summary>Flix mode closure check: a program's interpreter (PT_INTERP) is not in the extension.</summary>
    public const string MissingInterpreter = "FLX202";

    /// <summary>Flix mode closure check: a glibc object with dependencies lacks DF_1_NODEFLIB, so the host's folders could serve it.</summary>
    public const string MissingNoDefaultLib = "FLX203";

    /// <summary>Flix mode: a library needed by a copied file is not in the image either (the image's own loader would fail).</summary>
    public const string UnresolvedInImage = "FLX204";

    /// <summary>inspect: an ELF file needs a library the image does not hold, and the host cannot provide it (DF_1_NODEFLIB or a private loader).</summary>
    public const string UnresolvedLibrary = "FLX205";

    /// <summary>inspect: a file starts with the ELF magic but is not a readable ELF file.</summary>
    public const string MalformedElf = "FLX206";

    /// <summary>inspect: a folder holds Flix's outputs (images, SHA256SUMS), not an extension.</summary>
    public const string OutputFolder = "FLX113";
}
