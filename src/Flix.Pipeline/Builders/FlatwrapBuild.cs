using Flix.Flatwrap;

namespace Flix.Pipeline.Builders;

/// <summary>What Flatwrap made: the common facts and the full <see cref="FlatwrapResult"/> (wrappers, links, units).</summary>
public sealed record FlatwrapBuild : ExtensionBuild
{
    public required FlatwrapResult Result { get; init; }
}
