using Flix.Core.IO;

namespace Flix.Sysext.Deploy;

/// <summary>
/// Writes the deployment files of a packed image into its output folder, each atomically: NAME.conf and noop.conf
/// (--sysupdate), NAME-vMAJOR.MINOR.conf (minor-pinned recipes), NAME.bu (--butane) and NAME.ign (--ignition).
/// </summary>
public static class DeploymentWriter
{
    /// <summary>The transfers of an extension: NAME.conf, then the minor-pinned one when asked for and the version has a minor.</summary>
    public static IReadOnlyList<SysupdateTransferFile> Transfers(string name, string version, string? sourceUrl, bool minorPinned)
    {
        var transfers = new List<SysupdateTransferFile> { new() { Name = name, SourceUrl = sourceUrl } };
        if (minorPinned && SysupdateTransferFile.MinorPinned(name, version, sourceUrl) is { } pinned)
        {
            transfers.Add(pinned);
        }

        return transfers;
    }

    public static async Task<IReadOnlyList<DeploymentFile>> WriteAsync(
        SysextPackOptions options, string outputDirectory, string? sha256, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var deployment = options.Deployment;
        if (options.Version is null || (!options.Sysupdate && !deployment.WritesConfig))
        {
            return [];
        }

        var written = new List<DeploymentFile>();
        var transfers = Transfers(options.Name, options.Version, options.SysupdateUrl, deployment.MinorPinned);
        if (options.Sysupdate)
        {
            foreach (var (transfer, index) in transfers.Select((t, i) => (t, i)))
            {
                string path = Path.Combine(outputDirectory, transfer.FileName);
                await AtomicFile.WriteAllTextAsync(path, transfer.Render(), cancellationToken).ConfigureAwait(false);
                written.Add(new DeploymentFile(index == 0 ? DeploymentFileKinds.Transfer : DeploymentFileKinds.MinorPinnedTransfer, path));
            }

            string noop = Path.Combine(outputDirectory, NoopTransferFile.FileName);
            await AtomicFile.WriteAllTextAsync(noop, NoopTransferFile.Render(), cancellationToken).ConfigureAwait(false);
            written.Add(new DeploymentFile(DeploymentFileKinds.Noop, noop));
        }

        if (deployment.WritesConfig && sha256 is not null)
        {
            var config = new ExtensionDeployment
            {
                Name = options.Name,
                ImageFileName = options.OutputName,
                Sha256 = sha256,
                // The host follows one transfer: the minor-pinned one when there is one, as the bakery's docs install it.
                Transfers = [transfers[^1]],
                OnUpdate = deployment.OnUpdate,
            }.ToButane();
            string butane = Path.Combine(outputDirectory, options.Name + ".bu");
            string comment = $"Deploys {options.OutputName} (sha256 {sha256}) and keeps {options.Name} updated with systemd-sysupdate.\nTranspile with: butane --strict {options.Name}.bu > {options.Name}.ign";
            await AtomicFile.WriteAllTextAsync(butane, ButaneWriter.Render(config, comment), cancellationToken).ConfigureAwait(false);
            written.Add(new DeploymentFile(DeploymentFileKinds.Butane, butane));
            if (deployment.Ignition)
            {
                string ignition = Path.Combine(outputDirectory, options.Name + ".ign");
                await AtomicFile.WriteAllTextAsync(ignition, IgnitionTranspiler.Render(config), cancellationToken).ConfigureAwait(false);
                written.Add(new DeploymentFile(DeploymentFileKinds.Ignition, ignition));
            }
        }

        return written;
    }

    /// <summary>
    /// Null when <paramref name="imageFileName"/> is a name the transfer of <paramref name="name"/> matches on an
    /// <paramref name="architecture"/> host, else why not (a version with '~' or '^', which sysupdate's @v refuses).
    /// </summary>
    public static string? ValidateImageName(string name, string imageFileName, string architecture)
    {
        var transfer = new SysupdateTransferFile { Name = name };
        var pattern = SysupdatePattern.Parse(transfer.EffectiveMatchPattern, SysupdateSpecifiers.ForArchitecture(architecture));
        return pattern.Match(imageFileName) is null
            ? $"systemd-sysupdate would not find '{imageFileName}' with MatchPattern={transfer.EffectiveMatchPattern}: its version may use only letters, digits and '.,_-+'."
            : null;
    }
}
