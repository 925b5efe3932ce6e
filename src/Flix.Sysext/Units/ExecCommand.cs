namespace Flix.Sysext.Units;

/// <summary>
/// One command of an <c>Exec…=</c> value, as systemd reads it: its prefixes, its program and its arguments after
/// specifiers, quotes and escapes are resolved, and where the program's word lies in the value as written.
/// </summary>
public sealed record ExecCommand
{
    /// <summary>The special executable prefixes, as written (<c>-@:+!</c>, <c>!!</c>, <c>|</c>), in their order.</summary>
    public required string Prefixes { get; init; }

    /// <summary>
    /// The program as systemd runs it, or null when it holds a specifier other than <c>%%</c> (<c>%h</c>, <c>%i</c>…),
    /// whose value is known only on the host.
    /// </summary>
    public required string? Program { get; init; }

    /// <summary>The program word as written in the value, prefixes included.</summary>
    public required string RawProgramWord { get; init; }

    /// <summary>Where the program word (with its prefixes) starts in the value.</summary>
    public required int ProgramStart { get; init; }

    /// <summary>Where the program word ends in the value (exclusive).</summary>
    public required int ProgramEnd { get; init; }

    /// <summary>The arguments after the program, resolved like it (a specifier other than <c>%%</c> is kept as written).</summary>
    public required IReadOnlyList<string> Arguments { get; init; }
}
