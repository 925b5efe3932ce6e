using Flix.Install.Packages;
using Flix.Pipeline.Builders;
using Flix.Pipeline.Rootfs;
using Flix.Recipes.Model;

namespace Flix.Recipes.Baking;

/// <summary>
/// The builder of an image-build recipe: the package's extension (Flix mode or Flatwrap, <see cref="PackageExtensionBuilder"/>),
/// then the recipe's own units, files and /etc defaults, and the version the image's package database records for
/// the recipe's package (its epoch left out: a file name has no colon).
/// </summary>
internal sealed class RecipeExtensionBuilder(Recipe recipe, ImageBuild build, IExtensionBuilder package) : IExtensionBuilder
{
    public string Name => "recipe-" + recipe.Name;

    public async Task<ExtensionBuild> BuildAsync(PipelineRootfs rootfs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rootfs);
        var built = await package.BuildAsync(rootfs, cancellationToken).ConfigureAwait(false);
        var installed = PackageDatabase.Open(rootfs.Directory)?.Find(build.Package)
            ?? throw new InvalidDataException($"The image {build.Image} has no package {build.Package} installed after installing {string.Join(", ", build.Packages)}; the recipe {recipe.Name} names it in build.package.");
        if (built.Package?.Entries is null)
        {
            throw new InvalidDataException($"The package {build.Package} of the image {build.Image} has no program, unit or system file to ship (recipe {recipe.Name}).");
        }

        ExtensionExtras.Add(built.Tree, recipe);
        return built with { Version = VersionOf(installed.Version), HasUnits = built.HasUnits || recipe.Units.Count > 0 };
    }

    /// <summary>A package version as an extension version: the Debian epoch (<c>1:</c>) left out.</summary>
    public static string VersionOf(string packageVersion)
    {
        ArgumentNullException.ThrowIfNull(packageVersion);
        int colon = packageVersion.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 && packageVersion[..colon].All(char.IsAsciiDigit) ? packageVersion[(colon + 1)..] : packageVersion;
    }
}
