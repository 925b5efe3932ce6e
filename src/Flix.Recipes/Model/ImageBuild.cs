namespace Flix.Recipes.Model;

/// <summary>A recipe built from a distribution image with packages installed, in Flix mode or as Flatwrap.</summary>
/// <param name="Image">The image, as <c>flix rootfs</c> takes it (debian:trixie).</param>
/// <param name="Mode">Flix mode or Flatwrap.</param>
/// <param name="Packages">The packages installed with the image's package manager.</param>
/// <param name="Paths">Entry points (PATH or SRC:TARGET) shipped besides the package's programs, units and system files; <c>{arch}</c> is the recipe's name of the architecture.</param>
public sealed record ImageBuild(string Image, ImageBuildMode Mode, IReadOnlyList<string> Packages, IReadOnlyList<string> Paths)
{
    /// <summary>The package the extension is of (its entry points, host files and version): the first of <see cref="Packages"/> unless named.</summary>
    public string Package { get; init; } = Packages.Count > 0 ? Packages[0] : string.Empty;

    /// <summary>Other packages whose programs, units and system files ship besides the package's (build.entry_packages).</summary>
    public IReadOnlyList<string> MorePackages { get; init; } = [];

    /// <summary>The units started on merge (Upholds= drop-in); empty for the package's main service.</summary>
    public IReadOnlyList<string> Enable { get; init; } = [];

    /// <summary>Start no unit on merge.</summary>
    public bool NoEnable { get; init; }

    /// <summary>Flatwrap: /etc from the host (true) or the image (false).</summary>
    public bool EtcFromHost { get; init; } = true;

    /// <summary>Flatwrap: /var from the host (true) or the image (false).</summary>
    public bool VarFromHost { get; init; } = true;
}
