using Flix.Oci.Rootfs;
using Flix.Oci.Sources;
using Flix.Pipeline.Builders;
using Flix.Pipeline.Rootfs;
using Flix.Sysext;

namespace Flix.Pipeline;

/// <summary>
/// One job of <see cref="ExtensionPipeline"/>: an image, what to do to its rootfs, how to build the extension from it
/// and how to pack it. Each stage has its own options record.
/// </summary>
public sealed record ExtensionRequest
{
    /// <summary>Where the rootfs comes from: any image source, or a <c>dir:</c> folder.</summary>
    public required ImageSourceSpec Image { get; init; }

    /// <summary>How the image is fetched and unpacked (platform, cache, credentials, privileges).</summary>
    public RootfsOptions Rootfs { get; init; } = new();

    /// <summary>Steps run on the rootfs, in order, before the builder sees it (the install step plugs in here).</summary>
    public IReadOnlyList<IRootfsStep> Steps { get; init; } = [];

    /// <summary>What makes the extension's tree out of the rootfs: Flix mode, Flatwrap, the tree as it is…</summary>
    public required IExtensionBuilder Builder { get; init; }

    /// <summary>
    /// How the tree is packed. Its <see cref="SysextPackOptions.Architecture"/> is replaced by the one the pipeline
    /// picks (see <see cref="Architecture"/>), and shipped units turn <see cref="SysextPackOptions.ReloadManager"/> on.
    /// </summary>
    public required SysextPackOptions Pack { get; init; }

    /// <summary>
    /// The extension's architecture when the user chose one (a systemd name); null takes the image's platform, else
    /// the machine of the built programs (a <c>dir:</c> source has no platform), else this machine's.
    /// </summary>
    public string? Architecture { get; init; }
}
