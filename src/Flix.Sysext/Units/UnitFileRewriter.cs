using Flix.Sysext.Units;

namespace Flix.Sysext.Units;

/// <summary>
/// Points the command lines of a systemd unit (<c>ExecStart=</c>, <c>ExecStartPre=</c>, <c>ExecReload=</c>…) at
/// the wrappers, through <see cref="UnitProgramRewriter"/>: the program of each command is looked up, and when it has a wrapper its path is replaced, keeping
/// the line's prefixes (<c>-@:+!</c>), arguments and everything else of the file as it was. Conditions and
/// assertions on the program's file (Debian's nginx.service has <c>ConditionFileIsExecutable=/usr/sbin/nginx</c>)
/// are pointed at the wrapper too, or the unit would be skipped on a host without that file.
/// </summary>
public static class UnitFileRewriter
{
    /// <summary>The settings whose value is one or more command lines.</summary>
    public static IReadOnlyList<string> CommandSettings => UnitProgramRewriter.CommandSettings;

    /// <summary>The settings whose value is a path the program's file may be checked at.</summary>
    public static IReadOnlyList<string> PathSettings => UnitProgramRewriter.PathSettings;

    /// <summary>The file name endings of unit files.</summary>
    public static IReadOnlyList<string> UnitSuffixes => UnitFileNames.Suffixes;

    /// <summary>True when <paramref name="fileName"/> names a systemd unit.</summary>
    public static bool IsUnitFileName(string fileName) => UnitFileNames.IsUnitFileName(fileName);

    /// <summary>
    /// Rewrites <paramref name="unit"/>: <paramref name="wrapperFor"/> gives the wrapper path for a program path of
    /// the unit, or null to leave it. Returns the new text and the programs that were left as they were.
    /// </summary>
    public static (string Text, IReadOnlyList<string> Unwrapped) Rewrite(string unit, Func<string, string?> wrapperFor)
    {
        var rewrite = UnitProgramRewriter.Rewrite(unit, wrapperFor);
        return (rewrite.Text, rewrite.Unshipped.Select(reference => reference.Program).Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>Writes <paramref name="path"/> as one word of a unit's command line: quoted when needed, '%' doubled.</summary>
    public static string QuoteForUnit(string path) => ExecLineParser.Quote(path);
}
