namespace Flix.Recipes.Model;

/// <summary>A file the recipe writes into the extension: an absolute path under /usr or /opt, its text and mode.</summary>
public sealed record ShippedFile(string Path, string Content, uint Mode);
