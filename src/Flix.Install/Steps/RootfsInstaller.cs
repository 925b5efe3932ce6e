using Flix.Core.Tree;
using Flix.Core.Tree.Overlay;
using Flix.Install.PackageManagers;
using Flix.Install.Packages;
using Flix.Install.Sandbox;

namespace Flix.Install.Steps;

/// <summary>
/// The step between pulling an image and building an extension of it: installs packages with the image's own package
/// manager and runs the user's commands, inside the rootfs directory through <see cref="SandboxRunner"/>. The directory
/// must be a copy Flix owns (a dir: source is copied first, never changed in place).
/// </summary>
public static class RootfsInstaller
{
    /// <summary>
    /// True when <paramref name="options"/> asks for work on the rootfs: packages or commands, or an automatic package
    /// that the image (read in place at <paramref name="rootfs"/>, never changed) lacks.
    /// </summary>
    public static bool IsNeeded(string rootfs, FileTree model, RootfsInstallOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return !options.IsEmpty || AutoPackageMissing(rootfs, model, options);
    }

    /// <summary>Installs and runs what <paramref name="options"/> says in <paramref name="rootfs"/>; a failing command throws <see cref="SandboxCommandException"/>.</summary>
    public static async Task<RootfsInstallResult> RunAsync(string rootfs, FileTree model, RootfsInstallOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rootfs);
        ArgumentNullException.ThrowIfNull(options);
        var packages = options.Packages.ToList();
        if (AutoPackageMissing(rootfs, model, options) && !packages.Contains(options.AutoPackage!, StringComparer.Ordinal))
        {
            packages.Add(options.AutoPackage!);
        }

        var commands = new List<string>();
        if (packages.Count > 0)
        {
            commands.AddRange(PackageManager.Detect(rootfs).InstallCommands(packages));
        }

        commands.AddRange(options.Commands);
        if (commands.Count == 0)
        {
            return new RootfsInstallResult { Installed = [], Commands = [], ForeignOwners = [] };
        }

        var runner = new SandboxRunner(new SandboxOptions { Rootfs = rootfs, Output = options.Output, Host = options.Host });
        var result = await runner.RunAsync(commands, cancellationToken).ConfigureAwait(false);
        return new RootfsInstallResult { Installed = packages, Commands = commands, ForeignOwners = result.ForeignOwners };
    }

    /// <summary>Gives the entries a command handed to subordinate ids their owners and modes in <paramref name="model"/>.</summary>
    public static void ApplyOwners(FileTree model, IReadOnlyList<ForeignOwner> owners)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(owners);
        foreach (var owner in owners)
        {
            if (model.Find("/" + owner.Path) is { } node)
            {
                node.Uid = owner.UserId;
                node.Gid = owner.GroupId;
                if (node.Kind != EntryKind.Symlink)
                {
                    node.Mode = (node.Mode & ~0xFFFu) | ((uint)owner.Mode & 0xFFF);
                }
            }
        }
    }

    /// <summary>
    /// Keeps the owners and modes a command gave to subordinate ids in the metadata overlay beside
    /// <paramref name="directory"/> (DIR.flix-overlay.json), where <c>flix pack DIR</c> and dir: sources read them back;
    /// returns the overlay's path, or null when nothing needs keeping.
    /// </summary>
    public static string? RecordOwners(string directory, IReadOnlyList<ForeignOwner> owners)
    {
        ArgumentNullException.ThrowIfNull(owners);
        if (owners.Count == 0)
        {
            return null;
        }

        var model = OverlaidDirectoryReader.Read(directory, out _);
        ApplyOwners(model, owners);
        var overlay = MetadataOverlay.Diff(model, DirectoryTreeReader.Read(directory));
        return overlay.IsEmpty ? null : MetadataOverlayFile.Write(directory, overlay);
    }

    /// <summary>
    /// True when the automatic package should be installed: no --install or --run was given, the image has a package
    /// manager, neither that package nor that program, and the paths the user named (if any) are not all there.
    /// </summary>
    private static bool AutoPackageMissing(string rootfs, FileTree model, RootfsInstallOptions options)
    {
        // --install or --run say what the image gets: then nothing is added by guess.
        string? name = options.IsEmpty ? options.AutoPackage : null;
        if (name is null || PackageManager.ValidatePackageName(name) is not null || RootfsPathResolver.FindProgram(model, name) is not null
            || (options.RequiredPaths.Count > 0 && options.RequiredPaths.All(path => RootfsPathResolver.Resolve(model, path, followLast: true) is not null)))
        {
            return false;
        }

        try
        {
            _ = PackageManager.Detect(rootfs);
        }
        catch (Flix.Core.FlixException)
        {
            return false;
        }

        return PackageDatabase.Open(rootfs) is not { } database || database.Find(name) is null;
    }
}
