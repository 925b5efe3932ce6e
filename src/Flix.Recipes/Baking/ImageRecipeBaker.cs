using Flix.Flatwrap;
using Flix.FlixMode;
using Flix.Install.Steps;
using Flix.Oci.Manifests;
using Flix.Oci.Rootfs;
using Flix.Oci.Sources;
using Flix.Pipeline;
using Flix.Pipeline.Builders;
using Flix.Pipeline.Install;
using Flix.Recipes.Model;
using Flix.Sysext.Entries;

namespace Flix.Recipes.Baking;

/// <summary>
/// Bakes a recipe built from a distribution image: the image (the recipe's, or <see cref="BakeRequest.Image"/>) gets
/// the recipe's packages installed with its package manager — the recipe's package pinned to the version asked for
/// (apt's <c>NAME=VERSION</c>) unless that is <c>latest</c> — and the package's extension is made in Flix mode or as
/// Flatwrap by <see cref="ExtensionPipeline"/>. Its version is the installed package's.
/// </summary>
internal static class ImageRecipeBaker
{
    public static async Task<BakeResult> BakeAsync(Recipe recipe, ImageBuild build, BakeRequest request, Func<string, string?> environment, CancellationToken ct)
    {
        var image = request.Image ?? build.Image;
        var packages = request.Version == "latest" ? build.Packages
            : build.Packages.Select(p => p == build.Package ? $"{p}={request.Version}" : p).ToList();
        // The recipe's paths are shipped besides the package's entry points (helpers its units run from /usr/lib…); {arch}
        // is the recipe's name for the architecture built (a Debian multiarch folder: x86_64-linux-gnu).
        var arch = recipe.Arches[request.Pack.Architecture];
        var extra = build.Paths.Select(p => EntryPoint.Parse(p.Replace("{" + TemplateVariables.Arch + "}", arch, StringComparison.Ordinal))).ToList();
        IReadOnlyList<EntryPoint> With(IReadOnlyList<EntryPoint> entries) =>
            [.. entries, .. extra.Where(e => entries.All(f => f.Target != e.Target))];
        var extension = new PackageExtensionOptions
        {
            Name = recipe.Name,
            Package = build.Package,
            MorePackages = build.MorePackages,
            Enable = build.Enable,
            NoEnable = build.NoEnable,
            VarFromHost = build.Mode == ImageBuildMode.Flix || build.VarFromHost,
            EtcFromHost = build.Mode == ImageBuildMode.Flix || build.EtcFromHost,
        };
        Func<IReadOnlyList<EntryPoint>, IExtensionBuilder> mode = build.Mode == ImageBuildMode.Flatwrap
            ? entries => new FlatwrapExtensionBuilder(new FlatwrapOptions
            {
                Name = recipe.Name,
                Entries = With(entries),
                Etc = build.EtcFromHost ? FolderMapping.Host : FolderMapping.Chroot,
                Var = build.VarFromHost ? FolderMapping.Host : FolderMapping.Chroot,
            })
            : entries => new FlixModeExtensionBuilder(new FlixOptions { Name = recipe.Name, Entries = With(entries) });
        var install = new InstallStep(new RootfsInstallOptions { Packages = packages, Output = request.Log });
        var pipeline = new ExtensionRequest
        {
            Image = ImageSourceSpec.Parse(image),
            Rootfs = new RootfsOptions
            {
                Platform = Platform.FromArch(request.Pack.Architecture),
                Source = new ImageSourceOptions { Environment = ImageSourceOptions.EnvironmentFrom(environment) },
            },
            Steps = [install],
            Builder = new RecipeExtensionBuilder(recipe, build, new PackageExtensionBuilder(extension, [], mode)),
            Pack = request.Pack with { Name = recipe.Name, Version = null, ReloadManager = request.Pack.ReloadManager || recipe.Reload },
            Architecture = request.Pack.Architecture,
        };
        var result = await ExtensionPipeline.RunAsync(pipeline, cancellationToken: ct).ConfigureAwait(false);
        var source = new BakedArtifact(result.Source.Description, result.Source.Digest ?? string.Empty, 0, result.Source.Digest is null ? "none" : "digest", FromCache: false);
        return new BakeResult { Name = recipe.Name, Version = result.Version!, Architecture = result.Architecture, Artifacts = [source], Pack = result.Pack };
    }
}
