using Flix.Pipeline.Builders;
using Flix.Sysext;

namespace Flix.Pipeline;

/// <summary>What <see cref="ExtensionPipeline"/> reports once the builder is done and before it packs.</summary>
public sealed record BuiltExtension
{
    public required ExtensionSource Source { get; init; }

    public required ExtensionBuild Build { get; init; }

    /// <summary>The image's warnings (layers) and then the builder's, as sentences.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>The pack options in effect: the architecture picked, --reload implied by units.</summary>
    public required SysextPackOptions Pack { get; init; }
}
