using Flix.Install.Sandbox;

namespace Flix.Install.Steps;

/// <summary>What to do inside a rootfs before an extension is made of it.</summary>
public sealed record RootfsInstallOptions
{
    /// <summary>Packages to install with the image's package manager (<c>--install</c>), in order.</summary>
    public IReadOnlyList<string> Packages { get; init; } = [];

    /// <summary>Shell commands to run with the image's /bin/sh after the installs (<c>--run</c>), in order.</summary>
    public IReadOnlyList<string> Commands { get; init; } = [];

    /// <summary>
    /// The package installed when it is not yet in the image: the extension's NAME, unless <c>--no-install</c>. It is
    /// installed only when neither packages nor commands are given, the image has a package manager, no package and no
    /// program of that name, and no PATH was given or one of <see cref="RequiredPaths"/> is missing
    /// (<c>flix alpine b3sum /usr/bin/b3sum</c>).
    /// </summary>
    public string? AutoPackage { get; init; }

    /// <summary>The paths the user named (PATH entries' sources).</summary>
    public IReadOnlyList<string> RequiredPaths { get; init; } = [];

    /// <summary>Where the commands' output goes.</summary>
    public TextWriter? Output { get; init; }

    /// <summary>The machine; null for the real one.</summary>
    public SandboxHost? Host { get; init; }

    /// <summary>True when nothing is asked of the rootfs unless <see cref="AutoPackage"/> turns out to be missing.</summary>
    public bool IsEmpty => Packages.Count == 0 && Commands.Count == 0;
}
