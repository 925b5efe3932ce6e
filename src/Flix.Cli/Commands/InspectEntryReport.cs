using System.Globalization;
using System.Text.Json.Serialization;
using Flix.Core.Tree;
using Flix.Sysext;

namespace Flix.Cli.Commands;

/// <summary>One entry of the listing in the JSON of <c>flix inspect --list --json</c>.</summary>
public sealed record InspectEntryReport
{
    [JsonPropertyName("path")]
    public required string Path { get; init; }

    /// <summary>file, directory, symlink, char-device, block-device, fifo or socket.</summary>
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    /// <summary>The permission bits in octal, four digits (0755).</summary>
    [JsonPropertyName("mode")]
    public required string Mode { get; init; }

    /// <summary>The mode as ls -l prints it (drwxr-xr-x).</summary>
    [JsonPropertyName("modeString")]
    public required string ModeString { get; init; }

    [JsonPropertyName("uid")]
    public required uint Uid { get; init; }

    [JsonPropertyName("gid")]
    public required uint Gid { get; init; }

    [JsonPropertyName("size")]
    public required long Size { get; init; }

    /// <summary>Seconds since 1970.</summary>
    [JsonPropertyName("mtime")]
    public required long ModificationTime { get; init; }

    [JsonPropertyName("target")]
    public string? Target { get; init; }

    [JsonPropertyName("major")]
    public uint? Major { get; init; }

    [JsonPropertyName("minor")]
    public uint? Minor { get; init; }

    public static InspectEntryReport From(InspectedEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new()
        {
            Path = entry.Path,
            Type = TypeName(entry.Kind),
            Mode = Convert.ToString(entry.Mode, 8).PadLeft(4, '0'),
            ModeString = entry.ModeString,
            Uid = entry.Uid,
            Gid = entry.Gid,
            Size = entry.Size,
            ModificationTime = entry.ModificationTime,
            Target = entry.LinkTarget,
            Major = entry.IsDevice ? entry.DeviceMajor : null,
            Minor = entry.IsDevice ? entry.DeviceMinor : null,
        };
    }

    public static string TypeName(EntryKind kind) => kind switch
    {
        EntryKind.Directory => "directory",
        EntryKind.RegularFile => "file",
        EntryKind.Symlink => "symlink",
        EntryKind.CharacterDevice => "char-device",
        EntryKind.BlockDevice => "block-device",
        EntryKind.Fifo => "fifo",
        EntryKind.Socket => "socket",
        _ => kind.ToString().ToLower(CultureInfo.InvariantCulture),
    };
}
