namespace Flix.Sysext.Deploy;

/// <summary>What a file name gave the wildcards of a pattern it matched: the version, and the text of any other field.</summary>
public sealed record SysupdatePatternMatch
{
    public required string Version { get; init; }

    /// <summary>Every wildcard's text, the version included, by field.</summary>
    public required IReadOnlyDictionary<SysupdatePatternField, string> Fields { get; init; }
}
