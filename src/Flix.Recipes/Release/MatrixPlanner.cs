using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Flix.Recipes.Baking;
using Flix.Recipes.Versions;
using Flix.Sysext;

namespace Flix.Recipes.Release;

/// <summary>
/// Plans the release builds of a versions file: each line's recipe × version (<c>latest</c> expanded through the
/// recipe's version source) × each architecture the recipe builds, each with the hash of its inputs and whether
/// OUTPUT/RECIPE/IMAGE exists. Sorted by recipe, version and architecture (ordinal), duplicates merged: the same
/// inputs give the same JSON.
/// </summary>
public sealed class MatrixPlanner
{
    private readonly RecipeService _service;
    private readonly string _flixVersion;

    /// <param name="flixVersion">The version of Flix doing the builds: part of every entry's inputs.</param>
    public MatrixPlanner(RecipeService service, string flixVersion)
    {
        _service = service ?? throw new ArgumentNullException(nameof(service));
        ArgumentException.ThrowIfNullOrEmpty(flixVersion);
        _flixVersion = flixVersion;
    }

    /// <param name="outputDirectory">The release folder (RECIPE/IMAGE under it); null marks nothing done.</param>
    public async Task<BuildMatrix> PlanAsync(VersionsFile versions, string? outputDirectory, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(versions);
        var entries = new SortedDictionary<(string, string, string), MatrixEntry>(OrdinalKeys.Instance);
        foreach (var line in versions.Entries)
        {
            var recipe = _service.Catalogue.Find(line.Recipe);
            IEnumerable<string> expanded;
            if (line.Version == VersionsFile.Latest)
            {
                var latest = await _service.LatestAsync(recipe.Name, ct).ConfigureAwait(false);
                if (latest.Count == 0)
                {
                    throw new InvalidDataException($"line {line.Line}: the version source of {recipe.Name} ({recipe.Versions.Describe()}) lists no version for 'latest'.");
                }

                expanded = latest.Select(v => v.Text);
            }
            else if (RecipeVersion.TryParse(line.Version) is { } parsed && parsed.Text == line.Version)
            {
                expanded = [line.Version];
            }
            else
            {
                throw new InvalidDataException($"line {line.Line}: '{line.Version}' is not a version of {recipe.Name}; give it as `flix recipes versions {recipe.Name}` lists it, or latest.");
            }

            foreach (var version in expanded)
            {
                foreach (var arch in recipe.Arches.Keys)
                {
                    string image = new SysextPackOptions { Name = recipe.Name, Version = version, Architecture = arch, OutputDirectory = "." }.OutputName;
                    entries[(recipe.Name, version, arch)] = new MatrixEntry
                    {
                        Recipe = recipe.Name,
                        Version = version,
                        Arch = arch,
                        Image = image,
                        Inputs = InputsHash(recipe.Text, version, arch),
                        Done = outputDirectory is not null && File.Exists(Path.Combine(outputDirectory, recipe.Name, image)),
                    };
                }
            }
        }

        return new BuildMatrix { Include = [.. entries.Values] };
    }

    /// <summary>SHA-256 of the inputs, each length-prefixed so no two different sets of inputs run together alike.</summary>
    public string InputsHash(string recipeText, string version, string arch)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[sizeof(long)];
        foreach (var part in new[] { "flix-release-inputs-1", recipeText, version, arch, _flixVersion })
        {
            var bytes = Encoding.UTF8.GetBytes(part);
            BinaryPrimitives.WriteInt64LittleEndian(length, bytes.Length);
            hash.AppendData(length);
            hash.AppendData(bytes);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Recipe, version, architecture compared ordinally: the same order on every machine and culture.</summary>
    private sealed class OrdinalKeys : IComparer<(string, string, string)>
    {
        public static readonly OrdinalKeys Instance = new();

        public int Compare((string, string, string) x, (string, string, string) y)
        {
            int c = string.CompareOrdinal(x.Item1, y.Item1);
            c = c != 0 ? c : string.CompareOrdinal(x.Item2, y.Item2);
            return c != 0 ? c : string.CompareOrdinal(x.Item3, y.Item3);
        }
    }
}
