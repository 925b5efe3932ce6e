using System.Reflection;
using Flix.Recipes.Model;
using Flix.Recipes.Schema;

namespace Flix.Recipes;

/// <summary>
/// The recipes Flix knows: those built into the program and, with a user folder, the <c>NAME.yaml</c> files in it
/// (a user recipe of the same name wins). Recipes that fail their checks are kept as problems, so one bad file
/// does not hide the others, and <see cref="Find"/> reports them when that recipe is asked for.
/// </summary>
public sealed class RecipeCatalogue
{
    private const string ResourcePrefix = "recipes/";

    private readonly SortedDictionary<string, Recipe> _recipes = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, IReadOnlyList<RecipeFormatException>> _broken = new(StringComparer.Ordinal);

    private RecipeCatalogue()
    {
    }

    /// <summary>The usable recipes by name.</summary>
    public IReadOnlyCollection<Recipe> Recipes => _recipes.Values;

    /// <summary>Every problem of every recipe read, in name order.</summary>
    public IReadOnlyList<RecipeFormatException> Problems => [.. _broken.Values.SelectMany(p => p)];

    /// <summary>How many recipe files were read (usable or not).</summary>
    public int Count => _recipes.Count + _broken.Count;

    /// <summary>Loads the embedded recipes and those of <paramref name="userDirectory"/>, when given.</summary>
    public static RecipeCatalogue Load(string? userDirectory = null)
    {
        var catalogue = new RecipeCatalogue();
        var assembly = typeof(RecipeCatalogue).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            var fileName = resource[ResourcePrefix.Length..];
            catalogue.Add(reader.ReadToEnd(), fileName, "embedded");
        }

        if (userDirectory is not null)
        {
            if (!Directory.Exists(userDirectory))
            {
                throw new DirectoryNotFoundException(Path.Exists(userDirectory)
                    ? $"'{userDirectory}' is not a folder; --recipes takes a folder of recipe files."
                    : $"The recipe folder '{userDirectory}' does not exist.");
            }

            foreach (var path in Directory.EnumerateFiles(userDirectory).Where(p => p.EndsWith(".yaml", StringComparison.Ordinal) || p.EndsWith(".yml", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                var info = new FileInfo(path);
                if (info.Length > RecipeDocumentReader.MaxSize)
                {
                    catalogue.AddBroken(NameOf(path), [new RecipeFormatException(path, 0, string.Empty, $"the recipe is over {RecipeDocumentReader.MaxSize} bytes.")]);
                    continue;
                }

                catalogue.Add(File.ReadAllText(path), path, path);
            }
        }

        return catalogue;
    }

    /// <summary>Parses and checks one recipe text; the name its file gives must be its <c>name</c>.</summary>
    public static (Recipe? Recipe, IReadOnlyList<RecipeFormatException> Problems) Parse(string text, string file, string origin)
    {
        try
        {
            var (document, lines) = RecipeDocumentReader.Read(text, file);
            var (recipe, problems) = RecipeValidator.Validate(document, lines, file, origin, NameOf(file));
            return (recipe is null ? null : recipe with { Text = text }, problems);
        }
        catch (RecipeFormatException e)
        {
            return (null, [e]);
        }
    }

    /// <summary>The recipe <paramref name="name"/>; throws <see cref="RecipeFormatException"/> when it is broken, <see cref="RecipeNotFoundException"/> when absent.</summary>
    public Recipe Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_recipes.TryGetValue(name, out var recipe))
        {
            return recipe;
        }

        if (_broken.TryGetValue(name, out var problems))
        {
            throw problems[0];
        }

        throw new RecipeNotFoundException(name, _recipes.Keys);
    }

    private void Add(string text, string file, string origin)
    {
        var name = NameOf(file);
        var (recipe, problems) = Parse(text, file, origin);
        _recipes.Remove(name);
        _broken.Remove(name);
        if (recipe is null)
        {
            AddBroken(name, problems);
        }
        else
        {
            _recipes[name] = recipe;
        }
    }

    private void AddBroken(string name, IReadOnlyList<RecipeFormatException> problems)
    {
        _recipes.Remove(name);
        _broken[name] = problems;
    }

    private static string NameOf(string file)
    {
        var name = Path.GetFileName(file);
        return name.EndsWith(".yaml", StringComparison.Ordinal) ? name[..^5] : name.EndsWith(".yml", StringComparison.Ordinal) ? name[..^4] : name;
    }
}
