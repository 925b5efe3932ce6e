using System.CommandLine;
using System.Text.Json;
using Flix.Recipes.Baking;

namespace Flix.Cli.Commands;

/// <summary><c>flix recipes versions NAME</c>: the upstream versions of a recipe, newest first.</summary>
public sealed class RecipeVersionsCommand : Command
{
    public RecipeVersionsCommand(Func<string, string?> environment)
        : base("versions", "List the upstream versions of a recipe, newest first; the ones 'latest' stands for are marked.")
    {
        Sources = new RecipeSourceOptionSet(environment);
        Arguments.Add(NameArgument);
        Sources.AddTo(this, fetching: true);
        Options.Add(JsonOption);
        SetAction((parseResult, cancellationToken) => RunAsync(parseResult, cancellationToken));
    }

    public RecipeSourceOptionSet Sources { get; }

    public Argument<string> NameArgument { get; } = new("name") { Description = "The recipe." };

    public Option<bool> JsonOption { get; } = new("--json") { Description = "Print the versions as JSON on standard output." };

    private async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var name = parseResult.GetValue(NameArgument)!;
        using var service = new RecipeService(Sources.LoadCatalogue(parseResult), Sources.CreateFetchOptions(parseResult));
        var versions = await service.ListVersionsAsync(name, cancellationToken).ConfigureAwait(false);
        var latest = service.Catalogue.Find(name).Versions.Latest.Select(versions).ToHashSet();
        if (parseResult.GetValue(JsonOption))
        {
            var entries = versions.Select(v => new RecipeVersionEntry(v.Text, latest.Contains(v))).ToList();
            await output.WriteLineAsync(JsonSerializer.Serialize(entries, RecipesJsonContext.Default.ListRecipeVersionEntry)).ConfigureAwait(false);
        }
        else
        {
            foreach (var version in versions)
            {
                await output.WriteLineAsync(latest.Contains(version) ? $"{version.Text}  (latest)" : version.Text).ConfigureAwait(false);
            }
        }

        return ExitCodes.Success;
    }
}
