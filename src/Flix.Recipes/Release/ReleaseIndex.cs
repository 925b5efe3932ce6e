using Flix.Core.Hashing;
using Flix.Core.IO;
using Flix.Sysext;
using Flix.Sysext.Deploy;

namespace Flix.Recipes.Release;

/// <summary>
/// Regenerates the metadata of a release folder from the images it holds, the way hosts read it: DIR/NAME/ holds
/// NAME-VERSION-ARCH.raw images, and gets NAME/SHA256SUMS listing exactly the images that open as extension NAME for
/// their architecture (hashed anew), NAME/NAME.conf, one NAME-vMAJOR.MINOR.conf per minor present when the recipe is
/// minor-pinned, and DIR/noop.conf. Each extension's SHA256SUMS is kept apart because systemd's @v would take
/// docker-compose-2.24.5 as version "compose-2.24.5" of docker. An image that is missing, half-written or broken is
/// left out (and named), and transfer files no image needs any more are removed: a failed build never leaves stale
/// metadata. Every file is written by temp file and rename, under the folder's lock.
/// </summary>
public static class ReleaseIndex
{
    /// <param name="minorPinned">Whether the extension NAME publishes minor-pinned transfers (its recipe's sysupdate.minor_pinned).</param>
    /// <param name="baseUrl">The URL DIR is served at; the transfers download from BASE/NAME/. Null is the bakery's.</param>
    public static async Task<ReleaseIndexResult> RebuildAsync(
        string directory, Func<string, bool> minorPinned, string? baseUrl, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(minorPinned);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException(Path.Exists(directory)
                ? $"'{directory}' is not a folder; the release index is made from a folder of published images."
                : $"The release folder '{directory}' does not exist.");
        }

        if (baseUrl is not null && SysupdateTransferFile.ValidateUrl(baseUrl) is { } bad)
        {
            throw new ArgumentException(bad, nameof(baseUrl));
        }

        var extensions = new List<ReleaseIndexExtension>();
        var skipped = new List<ReleaseIndexSkip>();
        foreach (var folder in Directory.EnumerateDirectories(directory).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(folder);
            if (ExtensionName.Validate(name) is not null || (File.GetAttributes(folder) & FileAttributes.ReparsePoint) != 0)
            {
                skipped.Add(new ReleaseIndexSkip(folder, "not an extension folder (a valid extension name, not a symbolic link)"));
                continue;
            }

            string? source = baseUrl is null ? null : (baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/") + name + "/";
            extensions.Add(await RebuildExtensionAsync(folder, name, minorPinned(name), source, skipped, ct).ConfigureAwait(false));
        }

        await AtomicFile.WriteAllTextAsync(Path.Combine(directory, NoopTransferFile.FileName), NoopTransferFile.Render(), ct).ConfigureAwait(false);
        return new ReleaseIndexResult { Directory = directory, Extensions = extensions, Skipped = skipped };
    }

    private static async Task<ReleaseIndexExtension> RebuildExtensionAsync(
        string folder, string name, bool minorPinned, string? sourceUrl, List<ReleaseIndexSkip> skipped, CancellationToken ct)
    {
        using var folderLock = await DirectoryLock.AcquireAsync(folder, ct).ConfigureAwait(false);
        var sums = new Sha256SumsFile();
        var transfers = new Dictionary<string, SysupdateTransferFile>(StringComparer.Ordinal);
        var main = new SysupdateTransferFile { Name = name, SourceUrl = sourceUrl };
        foreach (var path in Directory.EnumerateFiles(folder, "*" + ExtensionImageName.RawSuffix).Order(StringComparer.Ordinal))
        {
            string file = Path.GetFileName(path);
            var image = ExtensionImageName.Parse(file, isDirectory: false).As(name);
            if (file.StartsWith('.') || image is not { IsVersioned: true })
            {
                skipped.Add(new ReleaseIndexSkip(path, $"not named {name}-VERSION-ARCH.raw"));
                continue;
            }

            if (await CheckImageAsync(path, name, image.Architecture!, ct).ConfigureAwait(false) is { } problem)
            {
                skipped.Add(new ReleaseIndexSkip(path, problem));
                continue;
            }

            var (sha256, _) = await FileSha256.ComputeAsync(path, cancellationToken: ct).ConfigureAwait(false);
            sums.Set(file, sha256);
            transfers[main.FileName] = main;
            if (minorPinned && SysupdateTransferFile.MinorPinned(name, image.Version!, sourceUrl) is { } pinned)
            {
                transfers[pinned.FileName] = pinned;
            }
        }

        // The new metadata first, then what no image needs any more: a reader never sees a transfer without its images.
        await AtomicFile.WriteAllTextAsync(Path.Combine(folder, Sha256SumsFile.FileName), sums.Render(), ct).ConfigureAwait(false);
        foreach (var transfer in transfers.Values)
        {
            await AtomicFile.WriteAllTextAsync(Path.Combine(folder, transfer.FileName), transfer.Render(), ct).ConfigureAwait(false);
        }

        var removed = new List<string>();
        foreach (var stale in Directory.EnumerateFiles(folder, "*" + SysupdateTransferFile.Suffix).Select(Path.GetFileName).Order(StringComparer.Ordinal))
        {
            bool ours = stale == main.FileName || stale!.StartsWith(name + "-", StringComparison.Ordinal);
            if (ours && !transfers.ContainsKey(stale!))
            {
                File.Delete(Path.Combine(folder, stale!));
                removed.Add(stale!);
            }
        }

        return new ReleaseIndexExtension
        {
            Name = name,
            Images = [.. sums.Entries.Keys],
            Transfers = [.. transfers.Keys.Order(StringComparer.Ordinal)],
            Removed = removed,
        };
    }

    /// <summary>Null when <paramref name="path"/> opens as extension <paramref name="name"/> for <paramref name="architecture"/>, else why not.</summary>
    private static async Task<string?> CheckImageAsync(string path, string name, string architecture, CancellationToken ct)
    {
        SysextInspection inspection;
        try
        {
            inspection = await SysextInspector.InspectAsync(new SysextInspectOptions { ImagePath = path }, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException or IOException or Core.FlixException)
        {
            return $"not a readable extension image: {e.Message}";
        }

        if (inspection.Format == ImageFormat.Directory)
        {
            return "a directory, not an image file";
        }

        if (inspection.Releases.All(r => r.Name != name))
        {
            return $"it holds no extension-release.{name}";
        }

        string? declared = inspection.Releases.First(r => r.Name == name).Architecture;
        return declared is not null && declared != architecture && declared != "_any"
            ? $"its extension-release says ARCHITECTURE={declared}, its name {architecture}"
            : null;
    }
}
