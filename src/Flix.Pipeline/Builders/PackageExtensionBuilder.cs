using Flix.Install.EntryPoints;
using Flix.Install.Packages;
using Flix.Install.Steps;
using Flix.Pipeline.Rootfs;
using Flix.Sysext.Entries;

namespace Flix.Pipeline.Builders;

/// <summary>
/// Makes the extension of a package around another builder: without PATHs, the package NAME's programs, units and
/// system files from the image's package database (with those of <see cref="PackageExtensionOptions.MorePackages"/>)
/// become the entries <paramref name="createBuilder"/> is given; then the Upholds= drop-ins of the units to start and
/// the host files of the packages are added (<see cref="PackageExtension"/>).
/// </summary>
/// <param name="options">The extension's name and how its units start and its /var and /etc are made.</param>
/// <param name="given">The entry points the user named (PATHs); the package database is read only when there are none.</param>
/// <param name="createBuilder">The builder for a list of entry points.</param>
public sealed class PackageExtensionBuilder(
    PackageExtensionOptions options, IReadOnlyList<EntryPoint> given, Func<IReadOnlyList<EntryPoint>, IExtensionBuilder> createBuilder) : IExtensionBuilder
{
    private readonly IExtensionBuilder _builder = (createBuilder ?? throw new ArgumentNullException(nameof(createBuilder)))(given);

    public PackageExtensionOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    public string Name => _builder.Name;

    public async Task<ExtensionBuild> BuildAsync(PipelineRootfs rootfs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rootfs);
        var package = given.Count == 0 && PackageDatabase.Open(rootfs.Directory) is { } database
            && PackageEntryPointFinder.Find(database, rootfs.Model, Options.Package ?? Options.Name) is { All.Count: > 0 } found
            ? found.With(Options.MorePackages.Select(name => PackageEntryPointFinder.Find(database, rootfs.Model, name)
                ?? throw new InvalidDataException($"The package {name} whose entry points the extension {Options.Name} ships is not installed in the image.")))
            : null;
        var builder = package is null ? _builder : createBuilder(package.All);
        var build = await builder.BuildAsync(rootfs, cancellationToken).ConfigureAwait(false);
        var additions = PackageExtension.AddTo(build.Tree, rootfs.Model, package, Options);
        return build with { HasUnits = build.HasUnits || additions.NeedsReload, Package = new PackageBuild { Entries = package, Additions = additions } };
    }
}
