using System.CommandLine;
using Flix.Fetch;
using Flix.Recipes;
using Flix.Recipes.Fetching;

namespace Flix.Cli.Commands;

/// <summary>
/// The options of commands that read recipes and fetch for them: --recipes DIR, --mirror FROM=TO (repeatable, also
/// from a mirrors file), --offline, and their mapping to a catalogue and fetch options.
/// </summary>
public sealed class RecipeSourceOptionSet(Func<string, string?> environment)
{
    public Option<string?> RecipesOption { get; } = new("--recipes")
    {
        Description = "A folder of your own recipes (NAME.yaml); one named like a built-in recipe replaces it.",
    };

    public Option<string[]> MirrorOption { get; } = new("--mirror")
    {
        Description = "Rewrite URLs starting with FROM to start with TO (FROM=TO, repeatable); also read from $XDG_CONFIG_HOME/flix/mirrors.",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string?> MirrorFileOption { get; } = new("--mirror-file")
    {
        Description = "A file of FROM=TO lines (# comments) to read instead of $XDG_CONFIG_HOME/flix/mirrors.",
    };

    public Option<bool> OfflineOption { get; } = new("--offline")
    {
        Description = "Use only what the cache holds; fail naming what is missing.",
    };

    public void AddTo(Command command, bool fetching)
    {
        command.Options.Add(RecipesOption);
        if (fetching)
        {
            command.Options.Add(MirrorOption);
            command.Options.Add(MirrorFileOption);
            command.Options.Add(OfflineOption);
        }
    }

    public RecipeCatalogue LoadCatalogue(ParseResult result) => RecipeCatalogue.Load(result.GetValue(RecipesOption));

    /// <summary>The fetch options the command line gives; a bad mirror rule is a <see cref="FormatException"/> naming it.</summary>
    public FetchSessionOptions CreateFetchOptions(ParseResult result, bool insecureSkipVerify = false)
    {
        var mirrors = new MirrorMap();
        var file = result.GetValue(MirrorFileOption) ?? DefaultMirrorFile();
        if (file is not null && (result.GetValue(MirrorFileOption) is not null || File.Exists(file)))
        {
            mirrors.AddFile(file);
        }

        foreach (var rule in result.GetValue(MirrorOption) ?? [])
        {
            mirrors.Add(rule);
        }

        return new FetchSessionOptions
        {
            Mirrors = mirrors,
            Offline = result.GetValue(OfflineOption),
            InsecureSkipVerify = insecureSkipVerify,
            Environment = environment,
        };
    }

    private string? DefaultMirrorFile()
    {
        var config = environment("XDG_CONFIG_HOME");
        if (string.IsNullOrEmpty(config) || !Path.IsPathRooted(config))
        {
            var home = environment("HOME");
            if (string.IsNullOrEmpty(home))
            {
                return null;
            }

            config = Path.Combine(home, ".config");
        }

        return Path.Combine(config, "flix", "mirrors");
    }
}
