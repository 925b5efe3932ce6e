namespace Flix.Recipes.Model;

/// <summary>A unit shipped in usr/lib/systemd/system (or only drop-ins for it), and whether it starts on merge.</summary>
public sealed record UnitSpec(string Name, string? Content, IReadOnlyList<(string Name, string Content)> Dropins, bool Enable);
