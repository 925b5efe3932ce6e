namespace Flix.Recipes.Model;

/// <summary>A symbolic link the extension ships.</summary>
public sealed record ShippedLink(string Path, string Target);
