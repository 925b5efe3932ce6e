using Flix.Core.IO;
using Flix.Core.Tree;
using Flix.Recipes.Archives;
using Flix.Recipes.Fetching;
using Flix.Recipes.Model;
using Flix.Recipes.Versions;
using Flix.Sysext;

namespace Flix.Recipes.Baking;

/// <summary>
/// Runs recipes: lists their versions, and bakes one version for one architecture into a system extension — the
/// downloads fetched and verified, unpacked, placed, the recipe's own files added, and the tree packed as
/// <c>NAME-VERSION-ARCH.raw</c> with its SHA256SUMS line (and NAME.conf). Nothing is written to the output folder
/// unless every download was verified and the image was made.
/// </summary>
public sealed class RecipeService : IDisposable
{
    private readonly FetchSession _session;
    private readonly VersionLister _lister;

    public RecipeService(RecipeCatalogue catalogue, FetchSessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(options);
        Catalogue = catalogue;
        _session = new FetchSession(options);
        _lister = new VersionLister(_session);
    }

    public RecipeCatalogue Catalogue { get; }

    /// <summary>The versions of recipe <paramref name="name"/>, newest first.</summary>
    public Task<IReadOnlyList<RecipeVersion>> ListVersionsAsync(string name, CancellationToken ct = default) =>
        _lister.ListAsync(Catalogue.Find(name).Versions, ct);

    /// <summary>What <c>latest</c> stands for in recipe <paramref name="name"/>: one or more versions, newest first.</summary>
    public async Task<IReadOnlyList<RecipeVersion>> LatestAsync(string name, CancellationToken ct = default)
    {
        var recipe = Catalogue.Find(name);
        return recipe.Versions.Latest.Select(await _lister.ListAsync(recipe.Versions, ct).ConfigureAwait(false));
    }

    public async Task<BakeResult> BakeAsync(BakeRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var recipe = Catalogue.Find(request.Name);
        var architecture = request.Pack.Architecture;
        if (!recipe.Arches.ContainsKey(architecture))
        {
            throw new NotSupportedException($"The recipe {recipe.Name} builds for {string.Join(" and ", recipe.Arches.Keys)}, not {architecture}.");
        }

        if (recipe.Build is { } build)
        {
            return await ImageRecipeBaker.BakeAsync(recipe, build, request, _session.Options.Environment, ct).ConfigureAwait(false);
        }

        // An unusable --output fails now, not after the downloads (a build recipe's pipeline checks it itself).
        OutputFolder.Check(request.Pack.OutputDirectory);

        var version = await ResolveVersionAsync(recipe, request.Version, ct).ConfigureAwait(false);
        var variables = await VariablesAsync(recipe, version, architecture, request.Parameters, ct).ConfigureAwait(false);
        var scratch = Directory.CreateTempSubdirectory("flix-bake-").FullName;
        try
        {
            var tree = new FileTree();
            var baked = new List<BakedArtifact>();
            var checksums = new ChecksumResolver(_session, _lister);
            foreach (var declared in recipe.Artifacts.Where(a => a.AppliesTo(version.Semantic)))
            {
                var artifact = declared.For(version.Semantic);
                var values = new Dictionary<string, string>(variables) { [TemplateVariables.Arch] = artifact.Arches[architecture] };
                var url = artifact.Url.Render(values);
                var expected = await checksums.ResolveAsync(recipe, artifact, url, version, architecture, values, ct).ConfigureAwait(false);
                var signed = artifact.Checksum.Kind == ChecksumKind.Signature;
                if (expected is null && !signed && !url.StartsWith("oci://", StringComparison.Ordinal) && !_session.Options.InsecureSkipVerify)
                {
                    throw new NotSupportedException(
                        $"artifacts[{artifact.Index}] of the recipe {recipe.Name} ({url}) has no checksum to verify against; add one to the recipe, or give --insecure-skip-verify to take it unverified.");
                }

                var fetched = await _session.FetchAsync(url, expected, artifact.MediaType, ct).ConfigureAwait(false);
                if (signed)
                {
                    // Checked before anything of it is unpacked.
                    fetched = fetched with { Verification = await checksums.VerifySignatureAsync(artifact, url, values, fetched, ct).ConfigureAwait(false) };
                }

                var unpacked = Path.Combine(scratch, $"artifact-{artifact.Index}");
                var (staging, _) = await ArchiveUnpacker.UnpackAsync(fetched.Path, artifact.Format, fetched.FileName, fetched.Source, unpacked, ct).ConfigureAwait(false);
                if (artifact.Packages.Count > 0)
                {
                    staging = await PackageBundle.UnpackAsync(
                        staging, artifact.Packages, $"artifacts[{artifact.Index}].packages", fetched.Source, Path.Combine(unpacked, "packages"), ct).ConfigureAwait(false);
                }

                ArtifactPlacer.Place(staging, tree, artifact.Install, $"artifacts[{artifact.Index}].install", fetched.Source);
                baked.Add(new BakedArtifact(fetched.Source, fetched.Digest.ToString(), fetched.Size, fetched.Verification, FromCache: false));
            }

            ExtensionExtras.Add(tree, recipe);
            var pack = request.Pack with
            {
                Name = recipe.Name,
                Version = version.Text,
                ReloadManager = request.Pack.ReloadManager || recipe.Reload,
                Deployment = request.Pack.Deployment with
                {
                    MinorPinned = request.Pack.Deployment.MinorPinned || recipe.Sysupdate.MinorPinned,
                    OnUpdate = recipe.Sysupdate.OnUpdate,
                },
            };
            var result = await SysextPacker.PackAsync(tree, pack, ct).ConfigureAwait(false);
            return new BakeResult { Name = recipe.Name, Version = version.Text, Architecture = architecture, Artifacts = baked, Pack = result };
        }
        finally
        {
            TreeRemover.TryDelete(scratch);
        }
    }

    public void Dispose() => _session.Dispose();

    private async Task<RecipeVersion> ResolveVersionAsync(Recipe recipe, string requested, CancellationToken ct)
    {
        if (requested == "latest")
        {
            var versions = await _lister.ListAsync(recipe.Versions, ct).ConfigureAwait(false);
            return versions.Count > 0 ? versions[0] : throw new InvalidDataException($"The version source of {recipe.Name} ({recipe.Versions.Describe()}) lists no version.");
        }

        return RecipeVersion.TryParse(requested) is { } version && version.Text == requested
            ? version
            : throw new ArgumentException($"'{requested}' is not a version of {recipe.Name}: give it as `flix recipes versions {recipe.Name}` lists it, or 'latest'.");
    }

    private async Task<Dictionary<string, string>> VariablesAsync(
        Recipe recipe, RecipeVersion version, string architecture, IReadOnlyDictionary<string, string> given, CancellationToken ct)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [TemplateVariables.Name] = recipe.Name,
            [TemplateVariables.Version] = version.Text,
            [TemplateVariables.VersionWithoutV] = version.WithoutV,
            [TemplateVariables.SystemdArch] = architecture,
            [TemplateVariables.Major] = version.Semantic.Major.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [TemplateVariables.Minor] = version.Semantic.Minor.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [TemplateVariables.Patch] = version.Semantic.Patch.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [TemplateVariables.Metadata] = version.Semantic.Metadata,
        };
        foreach (var name in given.Keys.Where(k => recipe.Parameters.All(p => p.Name != k)))
        {
            throw new ArgumentException($"The recipe {recipe.Name} has no parameter '{name}'; it has {string.Join(", ", recipe.Parameters.Select(p => p.Name).DefaultIfEmpty("none"))}.");
        }

        foreach (var parameter in recipe.Parameters)
        {
            if (given.TryGetValue(parameter.Name, out var value))
            {
                values[parameter.Name] = value;
            }
            else if (parameter.Default is not null)
            {
                values[parameter.Name] = parameter.Default;
            }
            else
            {
                var versions = await _lister.ListAsync(parameter.Versions!, ct).ConfigureAwait(false);
                values[parameter.Name] = parameter.Versions!.Latest.Select(versions).FirstOrDefault()?.Text
                    ?? throw new InvalidDataException($"The parameter {parameter.Name} of {recipe.Name} has no default and its source lists no version.");
            }
        }

        return values;
    }
}
