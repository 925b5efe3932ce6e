using System.CommandLine;
using System.Text.Json;
using Flix.Recipes;

namespace Flix.Cli.Commands;

/// <summary><c>flix recipes</c>: list the catalogue's recipes, or check them (<c>--check</c>).</summary>
public sealed class RecipesCommand : Command
{
    public RecipesCommand(Func<string, string?> environment)
        : base("recipes", "List the recipes of the catalogue (built in, and --recipes DIR): name, description, version source, architectures.")
    {
        Sources = new RecipeSourceOptionSet(environment);
        Sources.AddTo(this, fetching: false);
        Options.Add(CheckOption);
        Options.Add(JsonOption);
        Subcommands.Add(new RecipeVersionsCommand(environment));
        SetAction((parseResult, cancellationToken) => RunAsync(parseResult));
    }

    public RecipeSourceOptionSet Sources { get; }

    public Option<bool> CheckOption { get; } = new("--check")
    {
        Description = "Check every recipe strictly; print each problem as FILE:LINE: KEY: message and exit 1 when there is one.",
    };

    public Option<bool> JsonOption { get; } = new("--json")
    {
        Description = "Print the result as JSON on standard output.",
    };

    private async Task<int> RunAsync(ParseResult parseResult)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        var json = parseResult.GetValue(JsonOption);
        var catalogue = Sources.LoadCatalogue(parseResult);
        if (parseResult.GetValue(CheckOption))
        {
            var problems = catalogue.Problems;
            if (json)
            {
                var report = new RecipeCheckReport(problems.Count == 0, catalogue.Count, [.. problems.Select(p => new RecipeProblemReport(p.File, p.Line, p.Key, p.Detail))]);
                await output.WriteLineAsync(JsonSerializer.Serialize(report, RecipesJsonContext.Default.RecipeCheckReport)).ConfigureAwait(false);
            }
            else
            {
                foreach (var problem in problems)
                {
                    await error.WriteLineAsync(problem.Message).ConfigureAwait(false);
                }

                await output.WriteLineAsync(problems.Count == 0
                    ? $"{catalogue.Count} recipes checked: no problems."
                    : $"{catalogue.Count} recipes checked: {problems.Count} problems.").ConfigureAwait(false);
            }

            return problems.Count == 0 ? ExitCodes.Success : ExitCodes.Failure;
        }

        var entries = catalogue.Recipes.Select(r => new RecipeListEntry
        {
            Name = r.Name,
            Description = r.Description,
            Homepage = r.Homepage,
            Source = r.Versions.Describe(),
            Arches = [.. r.Arches.Keys],
            Kind = r.Kind,
            Origin = r.Origin,
        }).ToList();
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(entries, RecipesJsonContext.Default.ListRecipeListEntry)).ConfigureAwait(false);
        }
        else
        {
            var width = entries.Select(e => e.Name.Length).DefaultIfEmpty(4).Max();
            foreach (var entry in entries)
            {
                await output.WriteLineAsync($"{entry.Name.PadRight(width)}  {string.Join(',', entry.Arches),-12}  {entry.Source}  {entry.Description}").ConfigureAwait(false);
            }
        }

        foreach (var problem in catalogue.Problems)
        {
            await error.WriteLineAsync($"flix: warning: skipped: {problem.Message}").ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
