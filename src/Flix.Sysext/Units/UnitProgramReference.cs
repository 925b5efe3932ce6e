namespace Flix.Sysext.Units;

/// <summary>A program named by a unit: the setting and line that name it, and the program as systemd reads it.</summary>
/// <param name="Line">The 1-based line of the assignment in the unit file.</param>
/// <param name="Setting">The setting, e.g. <c>ExecStop</c>.</param>
/// <param name="Program">The program; as written when it holds a specifier only the host can expand.</param>
public sealed record UnitProgramReference(int Line, string Setting, string Program);
