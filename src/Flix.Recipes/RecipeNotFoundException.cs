using Flix.Core;

namespace Flix.Recipes;

/// <summary>A recipe name the catalogue does not have.</summary>
public sealed class RecipeNotFoundException : FlixException
{
    public RecipeNotFoundException(string name, IEnumerable<string> known)
        : base($"No recipe is named '{name}'; known: {string.Join(", ", known)}. Give --recipes DIR for your own.")
    {
        Name = name;
    }

    public string Name { get; }
}
