using Flix.FlixMode;

namespace Flix.Pipeline.Builders;

/// <summary>What Flix mode made: the common facts and the full <see cref="FlixResult"/> (loader, libraries, patched files).</summary>
public sealed record FlixModeBuild : ExtensionBuild
{
    public required FlixResult Result { get; init; }
}
