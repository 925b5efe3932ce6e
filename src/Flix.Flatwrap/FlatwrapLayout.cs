namespace Flix.Flatwrap;

/// <summary>File names Flatwrap puts in an extension besides the rootfs copy and the entry points.</summary>
public static class FlatwrapLayout
{
    /// <summary>The helper script in <see cref="FlatwrapOptions.SupportPath"/>.</summary>
    public const string EnterScriptName = "enter";

    /// <summary>The empty folder in <see cref="FlatwrapOptions.SupportPath"/> the private root is mounted on.</summary>
    public const string MountPointName = "root";
}
