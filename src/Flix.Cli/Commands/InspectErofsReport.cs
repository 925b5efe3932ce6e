using System.Globalization;
using System.Text.Json.Serialization;
using Flix.Sysext.Inspect;

namespace Flix.Cli.Commands;

/// <summary>The EROFS superblock facts in the JSON of <c>flix inspect --json</c>.</summary>
public sealed record InspectErofsReport
{
    [JsonPropertyName("compression")]
    public required string Compression { get; init; }

    [JsonPropertyName("blockSize")]
    public required int BlockSize { get; init; }

    [JsonPropertyName("inodeCount")]
    public required ulong InodeCount { get; init; }

    /// <summary>The build time in UTC, ISO 8601.</summary>
    [JsonPropertyName("buildTime")]
    public required string BuildTime { get; init; }

    /// <summary>mkfs.erofs's names of the incompatible features (0padding, big_pcluster, ztailpacking…).</summary>
    [JsonPropertyName("features")]
    public required IReadOnlyList<string> Features { get; init; }

    [JsonPropertyName("uuid")]
    public required string Uuid { get; init; }

    public static InspectErofsReport From(ErofsFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return new()
        {
            Compression = facts.Compression,
            BlockSize = facts.BlockSize,
            InodeCount = facts.InodeCount,
            BuildTime = facts.BuildTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            Features = facts.Features,
            Uuid = facts.Uuid,
        };
    }
}
