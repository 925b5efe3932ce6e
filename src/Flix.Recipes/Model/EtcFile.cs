namespace Flix.Recipes.Model;

/// <summary>A default /etc file: its content (shipped under /usr/share/NAME/etc) or a shipped source path, seeded by tmpfiles.</summary>
public sealed record EtcFile(string Path, string? Content, string? Source);
