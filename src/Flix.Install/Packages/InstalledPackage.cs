namespace Flix.Install.Packages;

/// <summary>A package as an image's package database records it.</summary>
public sealed record InstalledPackage
{
    public required string Name { get; init; }

    public string Version { get; init; } = string.Empty;

    /// <summary>The source package it was built from (dpkg Source:, apk origin, rpm source rpm); its own name when the database says none.</summary>
    public required string Source { get; init; }

    /// <summary>The names of the packages it depends on (versions and alternatives beyond the first dropped).</summary>
    public IReadOnlyList<string> Depends { get; init; } = [];

    /// <summary>Its files, folders and links: absolute paths in the image.</summary>
    public required IReadOnlyList<string> Files { get; init; }

    /// <summary>Its configuration files (dpkg conffiles, rpm %config), absolute paths.</summary>
    public IReadOnlyList<string> ConfigFiles { get; init; } = [];
}
