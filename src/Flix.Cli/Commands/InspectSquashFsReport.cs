using System.Globalization;
using System.Text.Json.Serialization;
using Flix.Sysext;

namespace Flix.Cli.Commands;

/// <summary>The superblock facts in the JSON of <c>flix inspect --json</c>.</summary>
public sealed record InspectSquashFsReport
{
    [JsonPropertyName("compressor")]
    public required string Compressor { get; init; }

    [JsonPropertyName("blockSize")]
    public required int BlockSize { get; init; }

    [JsonPropertyName("inodeCount")]
    public required uint InodeCount { get; init; }

    [JsonPropertyName("fragmentCount")]
    public required uint FragmentCount { get; init; }

    [JsonPropertyName("idCount")]
    public required int IdCount { get; init; }

    [JsonPropertyName("bytesUsed")]
    public required long BytesUsed { get; init; }

    /// <summary>The mkfs time in UTC, ISO 8601 (2023-11-14T22:13:20Z).</summary>
    [JsonPropertyName("modificationTime")]
    public required string ModificationTime { get; init; }

    [JsonPropertyName("xattrs")]
    public required bool Xattrs { get; init; }

    [JsonPropertyName("exportTable")]
    public required bool ExportTable { get; init; }

    [JsonPropertyName("compressorOptions")]
    public required bool CompressorOptions { get; init; }

    public static InspectSquashFsReport From(SquashFsFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return new()
        {
            Compressor = facts.CompressionName,
            BlockSize = facts.BlockSize,
            InodeCount = facts.InodeCount,
            FragmentCount = facts.FragmentCount,
            IdCount = facts.IdCount,
            BytesUsed = facts.BytesUsed,
            ModificationTime = facts.ModificationTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            Xattrs = facts.HasXattrs,
            ExportTable = facts.HasExportTable,
            CompressorOptions = facts.HasCompressorOptions,
        };
    }
}
