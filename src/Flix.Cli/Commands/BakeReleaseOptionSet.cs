using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.Json;
using Flix.Recipes.Baking;
using Flix.Recipes.Release;

namespace Flix.Cli.Commands;

/// <summary>
/// The catalogue-release modes of <c>flix bake</c>: <c>--all --matrix VERSIONS_FILE</c> prints the GitHub Actions
/// build matrix, <c>--release-index DIR</c> regenerates the per-extension metadata of a release folder.
/// </summary>
public sealed class BakeReleaseOptionSet
{
    public Option<bool> AllOption { get; } = new("--all")
    {
        Description = "Every build of a versions file (with --matrix) instead of one NAME VERSION.",
    };

    public Option<string?> MatrixOption { get; } = new("--matrix")
    {
        Description = "With --all: print the GitHub Actions strategy.matrix ({\"include\": [...]}) of the builds VERSIONS_FILE lists ('RECIPE VERSION' or 'RECIPE latest' per line); entries whose image is in --output/RECIPE/ are marked done.",
        HelpName = "VERSIONS_FILE",
    };

    public Option<string?> ReleaseIndexOption { get; } = new("--release-index")
    {
        Description = "Regenerate DIR/NAME/SHA256SUMS, the transfer files and DIR/noop.conf from the images in DIR/NAME/ (the URL base is --sysupdate-url).",
        HelpName = "DIR",
    };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(AllOption);
        command.Options.Add(MatrixOption);
        command.Options.Add(ReleaseIndexOption);
    }

    /// <summary>Whether the command line asks for a release mode instead of one bake.</summary>
    public bool IsRequested(CommandResult result) =>
        result.GetValue(AllOption) || result.GetValue(MatrixOption) is not null || result.GetValue(ReleaseIndexOption) is not null;

    public IEnumerable<string> Validate(CommandResult result, bool namedOne)
    {
        bool all = result.GetValue(AllOption);
        bool matrix = result.GetValue(MatrixOption) is not null;
        bool index = result.GetValue(ReleaseIndexOption) is not null;
        if (namedOne)
        {
            yield return "--all, --matrix and --release-index take no NAME VERSION.";
        }

        if (matrix && index)
        {
            yield return "--matrix and --release-index are separate steps; give one.";
        }
        else if (matrix != all && !index)
        {
            yield return "--all needs --matrix VERSIONS_FILE (and --matrix needs --all): flix bake --all --matrix VERSIONS_FILE.";
        }
        else if (all && index)
        {
            yield return "--release-index takes no --all.";
        }
    }

    public async Task<int> RunAsync(ParseResult parseResult, BakeCommand bake, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(bake);
        var output = parseResult.InvocationConfiguration.Output;
        bool json = parseResult.GetValue(bake.Packing.JsonOption);
        if (parseResult.GetValue(ReleaseIndexOption) is { } directory)
        {
            var catalogue = bake.Sources.LoadCatalogue(parseResult);
            var names = catalogue.Recipes.ToDictionary(r => r.Name, r => r.Sysupdate.MinorPinned, StringComparer.Ordinal);
            var index = await ReleaseIndex.RebuildAsync(
                directory, name => names.GetValueOrDefault(name), parseResult.GetValue(bake.Packing.SysupdateUrlOption), cancellationToken).ConfigureAwait(false);
            if (json)
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(index, ReleaseJsonContext.Default.ReleaseIndexResult)).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            var error = parseResult.InvocationConfiguration.Error;
            foreach (var skip in index.Skipped)
            {
                await error.WriteLineAsync($"flix: warning: left out {skip.Path}: {skip.Reason}").ConfigureAwait(false);
            }

            foreach (var extension in index.Extensions)
            {
                await output.WriteLineAsync(
                    $"{extension.Name}: {extension.Images.Count} image(s); {string.Join(", ", extension.Transfers.DefaultIfEmpty("no transfer"))}"
                    + (extension.Removed.Count > 0 ? $"; removed {string.Join(", ", extension.Removed)}" : string.Empty)).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }

        var versions = await VersionsFile.ReadAsync(parseResult.GetValue(MatrixOption)!, cancellationToken).ConfigureAwait(false);
        using var service = new RecipeService(bake.Sources.LoadCatalogue(parseResult), bake.Sources.CreateFetchOptions(parseResult));
        var matrix = await new MatrixPlanner(service, FlixVersion.Current)
            .PlanAsync(versions, parseResult.GetValue(bake.Packing.OutputOption), cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync(JsonSerializer.Serialize(matrix, ReleaseJsonContext.Default.BuildMatrix)).ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
