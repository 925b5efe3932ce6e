using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.Json;
using Flix.Recipes.Baking;
using Flix.Sysext;

namespace Flix.Cli.Commands;

/// <summary><c>flix bake NAME VERSION</c>: build a recipe of the catalogue into NAME-VERSION-ARCH.raw.</summary>
public sealed class BakeCommand : Command
{
    public BakeCommand(Func<string, string?> environment)
        : base("bake", "Build a recipe of the catalogue into an extension: downloads verified, unpacked and packed as NAME-VERSION-ARCH.raw with SHA256SUMS.")
    {
        Sources = new RecipeSourceOptionSet(environment);
        Packing = new PackOptionSet(environment, withArchitecture: true, withVersion: false);
        Arguments.Add(NameArgument);
        Arguments.Add(VersionArgument);
        Packing.AddTo(this);
        Deploy.AddTo(this);
        Sources.AddTo(this, fetching: true);
        Release.AddTo(this);
        Options.Add(InsecureOption);
        Options.Add(ParameterOption);
        Options.Add(ImageOption);
        Validators.Add(Validate);
        SetAction((parseResult, cancellationToken) => RunAsync(parseResult, cancellationToken));
    }

    public RecipeSourceOptionSet Sources { get; }

    public PackOptionSet Packing { get; }

    /// <summary>--butane, --ignition.</summary>
    public DeployOptionSet Deploy { get; } = new();

    /// <summary>--all --matrix, --release-index: the catalogue's release steps instead of one bake.</summary>
    public BakeReleaseOptionSet Release { get; } = new();

    public Argument<string> NameArgument { get; } = new("name") { Description = "The recipe (see `flix recipes`).", Arity = ArgumentArity.ZeroOrOne };

    public Argument<string> VersionArgument { get; } = new("version")
    {
        Arity = ArgumentArity.ZeroOrOne,
        Description = "The version as `flix recipes versions NAME` lists it, or 'latest'.",
    };

    public Option<bool> InsecureOption { get; } = new("--insecure-skip-verify")
    {
        Description = "Take downloads the recipe has no checksum for, unverified (each is named on stderr).",
    };

    public Option<string[]> ParameterOption { get; } = new("--param")
    {
        Description = "Set a recipe parameter: NAME=VALUE (repeatable).",
    };

    public Option<string?> ImageOption { get; } = new("--image")
    {
        Description = "For a recipe built from a distribution image: build from this image instead (a mirror's copy, a local registry).",
    };

    private (SysextPackOptions? Options, IReadOnlyList<string> Errors) CreateOptions(CommandResult result)
    {
        var (options, errors) = Packing.CreateOptions(result, result.GetValue(NameArgument) ?? string.Empty, version: result.GetValue(VersionArgument));
        return Deploy.Apply(result, options, errors);
    }

    private void Validate(CommandResult result)
    {
        bool namedOne = result.GetValue(NameArgument) is not null || result.GetValue(VersionArgument) is not null;
        if (Release.IsRequested(result))
        {
            foreach (var error in Release.Validate(result, namedOne))
            {
                result.AddError(error);
            }

            return;
        }

        if (result.GetValue(NameArgument) is null || result.GetValue(VersionArgument) is null)
        {
            result.AddError("Give the recipe NAME and VERSION (or 'latest'), or --all --matrix VERSIONS_FILE, or --release-index DIR.");
            return;
        }

        try
        {
            foreach (var error in CreateOptions(result).Errors)
            {
                result.AddError(error);
            }
        }
        catch (InvalidOperationException)
        {
            // A value that did not convert; the parser has reported it already.
        }

        foreach (var parameter in result.GetValue(ParameterOption) ?? [])
        {
            if (parameter.IndexOf('=', StringComparison.Ordinal) <= 0)
            {
                result.AddError($"'{parameter}' is not NAME=VALUE for --param.");
            }
        }
    }

    private async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        if (Release.IsRequested(parseResult.CommandResult))
        {
            return await Release.RunAsync(parseResult, this, cancellationToken).ConfigureAwait(false);
        }

        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        var json = parseResult.GetValue(Packing.JsonOption);
        var name = parseResult.GetValue(NameArgument)!;
        var (pack, _) = CreateOptions(parseResult.CommandResult);
        var insecure = parseResult.GetValue(InsecureOption);
        if (insecure)
        {
            await error.WriteLineAsync("flix: warning: --insecure-skip-verify: downloads without a checksum in the recipe are taken unverified.").ConfigureAwait(false);
        }

        var request = new BakeRequest
        {
            Name = name,
            Version = parseResult.GetValue(VersionArgument)!,
            Pack = pack!,
            Parameters = (parseResult.GetValue(ParameterOption) ?? []).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal),
            Image = parseResult.GetValue(ImageOption),
            Log = error, // what the image's package manager prints: stdout stays the report
        };
        BakeResult result;
        try
        {
            using var service = new RecipeService(Sources.LoadCatalogue(parseResult), Sources.CreateFetchOptions(parseResult, insecure));
            result = await service.BakeAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (SysextLayoutException exception)
        {
            return await PackReports.ReportLayoutFailureAsync(exception, false, output, error).ConfigureAwait(false);
        }
        catch (Exception exception) when (json && exception is not OperationCanceledException)
        {
            var failed = new BakeReport { Success = false, Name = name, Error = exception.Message };
            await output.WriteLineAsync(JsonSerializer.Serialize(failed, RecipesJsonContext.Default.BakeReport)).ConfigureAwait(false);
            throw;
        }

        foreach (var unverified in result.Unverified)
        {
            await error.WriteLineAsync($"flix: warning: not verified: {unverified.Url} ({unverified.Digest})").ConfigureAwait(false);
        }

        if (json)
        {
            var report = new BakeReport
            {
                Success = true,
                Name = result.Name,
                Version = result.Version,
                Arch = result.Architecture,
                Artifacts = [.. result.Artifacts.Select(a => new BakedArtifactReport(a.Url, a.Digest, a.Size, a.Verification))],
                Insecure = result.Unverified.Any(),
                Path = result.Pack.Path,
                Sha256 = result.Pack.Sha256,
                Size = result.Pack.Size,
                Sha256Sums = result.Pack.Sha256SumsPath,
                Sysupdate = result.Pack.SysupdatePath,
                Deployment = DeploymentFileReport.From(result.Pack.DeploymentFiles),
                Diagnostics = [.. result.Pack.Diagnostics.Select(DiagnosticReport.From)],
            };
            await output.WriteLineAsync(JsonSerializer.Serialize(report, RecipesJsonContext.Default.BakeReport)).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        foreach (var artifact in result.Artifacts)
        {
            await error.WriteLineAsync($"flix: {artifact.Url}: {artifact.Digest} ({artifact.Verification})").ConfigureAwait(false);
        }

        await PackReports.WriteDiagnosticsAsync(error, result.Pack.Diagnostics).ConfigureAwait(false);
        await output.WriteLineAsync($"Wrote {result.Pack.Path} ({result.Pack.Size} bytes, sha256 {result.Pack.Sha256})").ConfigureAwait(false);
        if (result.Pack.Sha256SumsPath is not null)
        {
            await output.WriteLineAsync($"Updated {result.Pack.Sha256SumsPath}").ConfigureAwait(false);
        }

        foreach (var file in result.Pack.DeploymentFiles)
        {
            await output.WriteLineAsync($"Wrote {file.Path}").ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
