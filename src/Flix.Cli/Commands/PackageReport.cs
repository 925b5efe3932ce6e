using System.Text.Json.Serialization;
using Flix.Install.EntryPoints;
using Flix.Install.Steps;

namespace Flix.Cli.Commands;

/// <summary>The "package" object of the JSON report: what the package database gave and what was added for the host.</summary>
public sealed record PackageReport
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>The packages read, as NAME VERSION.</summary>
    [JsonPropertyName("packages")]
    public required IReadOnlyList<string> Packages { get; init; }

    /// <summary>The entry points chosen, as SRC:TARGET.</summary>
    [JsonPropertyName("entries")]
    public required IReadOnlyList<string> Entries { get; init; }

    [JsonPropertyName("mainService")]
    public string? MainService { get; init; }

    [JsonPropertyName("enabled")]
    public required IReadOnlyList<string> Enabled { get; init; }

    /// <summary>The Upholds= drop-ins, one per upholding target.</summary>
    [JsonPropertyName("dropIns")]
    public required IReadOnlyList<string> DropIns { get; init; }

    [JsonPropertyName("tmpfiles")]
    public string? Tmpfiles { get; init; }

    [JsonPropertyName("tmpfilesLines")]
    public required IReadOnlyList<string> TmpfilesLines { get; init; }

    public static PackageReport From(string name, PackageEntryPoints found, PackageExtensionResult additions) => new()
    {
        Name = name,
        Packages = [.. found.Packages.Select(p => $"{p.Name} {p.Version}".Trim())],
        Entries = [.. found.All.Select(e => e.ToString())],
        MainService = found.MainService,
        Enabled = additions.Enabled,
        DropIns = additions.DropIns,
        Tmpfiles = additions.Tmpfiles,
        TmpfilesLines = additions.TmpfilesLines,
    };
}
