using System.Text.Json.Nodes;

namespace Flix.TestSupport.Oci;

/// <summary>What one single-platform image holds: its layers, platform and config, plus hooks to tamper with the JSON.</summary>
public sealed class ImageSpec
{
    public ImagePlatform Platform { get; init; } = ImagePlatform.LinuxAmd64;

    public required IReadOnlyList<LayerSource> Layers { get; init; }

    /// <summary>The config's <c>created</c> time (and of each history entry); fixed so that digests are stable.</summary>
    public DateTimeOffset Created { get; init; } = LayerEntry.DefaultModificationTime;

    public IReadOnlyList<string> Env { get; init; } = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"];

    public IReadOnlyList<string>? Cmd { get; init; }

    /// <summary>Changes the config JSON before it is stored (e.g. drop a diff_id for a hostile image).</summary>
    public Action<JsonObject>? EditConfig { get; init; }

    /// <summary>Changes the manifest JSON before it is stored.</summary>
    public Action<JsonObject>? EditManifest { get; init; }

    public static ImageSpec Of(params LayerSource[] layers) => new() { Layers = layers };

    public static ImageSpec Of(ImagePlatform platform, params LayerSource[] layers) => new() { Platform = platform, Layers = layers };
}
