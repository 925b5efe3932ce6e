using System.Text.Json.Serialization;

namespace Flix.Core.Tree.Overlay;

/// <summary>The JSON form of a <see cref="MetadataOverlay"/> file.</summary>
internal sealed record MetadataOverlayDocument
{
    [JsonPropertyName("format")]
    public required string Format { get; init; }

    /// <summary>"MAJOR:MINOR:INODE" of the root directory the overlay was made for.</summary>
    [JsonPropertyName("root")]
    public required string Root { get; init; }

    [JsonPropertyName("entries")]
    public required IReadOnlyList<MetadataOverlayEntryDocument> Entries { get; init; }
}

internal sealed record MetadataOverlayEntryDocument
{
    [JsonPropertyName("path")]
    public required string Path { get; init; }

    [JsonPropertyName("image")]
    public required NodeMetadataDocument Image { get; init; }

    [JsonPropertyName("disk")]
    public required NodeMetadataDocument Disk { get; init; }
}

internal sealed record NodeMetadataDocument
{
    /// <summary>directory, file, symlink, char, block, fifo or socket.</summary>
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    /// <summary>Permission bits in octal, e.g. "4755".</summary>
    [JsonPropertyName("mode")]
    public required string Mode { get; init; }

    [JsonPropertyName("uid")]
    public required uint Uid { get; init; }

    [JsonPropertyName("gid")]
    public required uint Gid { get; init; }

    [JsonPropertyName("major")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public uint Major { get; init; }

    [JsonPropertyName("minor")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public uint Minor { get; init; }

    /// <summary>Values in base64.</summary>
    [JsonPropertyName("xattrs")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Xattrs { get; init; }
}

[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(MetadataOverlayDocument))]
internal sealed partial class MetadataOverlayJsonContext : JsonSerializerContext;
