using Flix.Pipeline.Builders;
using Flix.Sysext;

namespace Flix.Pipeline;

/// <summary>What <see cref="ExtensionPipeline"/> made: where it came from, what the builder put in, what was written.</summary>
public sealed record ExtensionResult
{
    public required ExtensionSource Source { get; init; }

    /// <summary>The builder's result (a <see cref="FlixModeBuild"/>, a <see cref="FlatwrapBuild"/>…).</summary>
    public required ExtensionBuild Build { get; init; }

    /// <summary>The pack options in effect: name, version, the architecture picked, reload.</summary>
    public required SysextPackOptions Options { get; init; }

    /// <summary>The image (or folder), SHA256SUMS and sysupdate file written.</summary>
    public required SysextPackResult Pack { get; init; }

    public string Name => Options.Name;

    public string? Version => Options.Version;

    public string Architecture => Options.Architecture;
}
