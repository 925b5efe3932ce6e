namespace Flix.Sysext.Units;

/// <summary>
/// One <c>Key=Value</c> assignment of a unit file: a logical line (continuation lines joined as systemd joins them,
/// the trailing backslash becoming a space), with where each piece of its value lies in the file's text.
/// </summary>
public sealed record UnitSetting
{
    /// <summary>The section the assignment is in, without brackets (e.g. <c>Service</c>); empty before the first.</summary>
    public required string Section { get; init; }

    /// <summary>The setting's name, e.g. <c>ExecStart</c>.</summary>
    public required string Key { get; init; }

    /// <summary>The value, continuation lines joined.</summary>
    public required string Value { get; init; }

    /// <summary>The 1-based line number of the assignment's first line.</summary>
    public required int Line { get; init; }

    /// <summary>The pieces of <see cref="Value"/>: each a run of the value taken from one physical line.</summary>
    public required IReadOnlyList<(int ValueStart, int TextStart, int Length)> Pieces { get; init; }

    /// <summary>
    /// Where the value's characters [<paramref name="start"/>, <paramref name="end"/>) lie in the file's text, or null
    /// when they run across a line break.
    /// </summary>
    public (int Start, int End)? TextSpan(int start, int end)
    {
        foreach (var (valueStart, textStart, length) in Pieces)
        {
            if (start >= valueStart && end <= valueStart + length)
            {
                return (textStart + (start - valueStart), textStart + (end - valueStart));
            }
        }

        return null;
    }
}
