namespace Flix.Sysext.Units;

/// <summary>One <c>Key=value</c> line of a unit file or drop-in, with the section it is in.</summary>
public sealed record UnitFileEntry(string Section, string Key, string Value);
