using Flix.Core;
using Flix.Core.IO;
using Flix.Core.Tree;
using Flix.Core.Tree.Overlay;
using Flix.Oci.Layers;
using Flix.Oci.Manifests;
using Flix.Oci.Sources;

namespace Flix.Oci.Rootfs;

/// <summary>
/// Unpacks an image into a directory: resolves it for one platform, fetches every layer at once (each verified
/// against its digest and size before use), and applies them bottom first as they arrive. The root is built in a
/// temporary directory beside the target and renamed into place, so a failed run leaves no half-made rootfs.
/// A <c>dir:PATH</c> source is no image: its tree is copied as it is (symlinks as links, hard links kept), or read
/// where it is (<see cref="ReadDirectory"/>) for work that only reads it.
/// </summary>
public static class RootfsBuilder
{
    /// <summary>Large reads of the blob: the decompressor would otherwise read it 8 KiB at a time.</summary>
    private const int BlobBufferSize = 1024 * 1024;

    /// <summary>Unpacks the image <paramref name="imageSpec"/> names (see <see cref="ImageSourceSpec.Parse"/>) into <paramref name="targetDirectory"/>.</summary>
    public static Task<RootfsResult> BuildAsync(
        string imageSpec, string targetDirectory, RootfsOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(imageSpec);
        return BuildAsync(ImageSourceSpec.Parse(imageSpec), targetDirectory, options, cancellationToken);
    }

    /// <summary>Unpacks the image <paramref name="spec"/> names, or copies its <c>dir:</c> folder, into <paramref name="targetDirectory"/>.</summary>
    public static async Task<RootfsResult> BuildAsync(
        ImageSourceSpec spec, string targetDirectory, RootfsOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrEmpty(targetDirectory);
        ArgumentNullException.ThrowIfNull(options);
        string target = Path.GetFullPath(targetDirectory).TrimEnd('/');
        RequireUsableTarget(target);
        if (spec.IsDirectory)
        {
            return await CopyDirectoryAsync(spec, target, options, cancellationToken).ConfigureAwait(false);
        }

        await using var source = ImageSources.Create(spec, options.Source);
        var image = await source.ResolveAsync(options.Platform, cancellationToken).ConfigureAwait(false);

        string staging = CreateStaging(target);
        try
        {
            var model = new FileTree();
            var results = await ApplyLayersAsync(source, image, staging, model, options, cancellationToken).ConfigureAwait(false);
            Publish(staging, target);
            model = Rebase(model, staging, target);
            return new RootfsResult
            {
                Directory = target,
                Description = source.Description,
                Source = spec.Syntax.Name,
                Image = image,
                Model = model,
                Layers = results,
                OverlayFile = KeepOverlay(model, target, options.Apply.Privileged),
            };
        }
        catch
        {
            TreeRemover.TryDelete(staging);
            throw;
        }
    }

    /// <summary>
    /// The rootfs of the <c>dir:</c> spec <paramref name="spec"/> read where it is, for work that only reads it: the
    /// model of the folder (with the metadata overlay an unprivileged pull left beside it), nothing copied or written.
    /// </summary>
    public static RootfsResult ReadDirectory(ImageSourceSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!spec.IsDirectory)
        {
            throw new ArgumentException($"'{spec}' is an image, not a folder to read in place.", nameof(spec));
        }

        string root = ResolveDirectory(spec.Location);
        return new RootfsResult
        {
            Directory = root,
            Description = spec.Syntax.Prefix + root,
            Source = spec.Syntax.Name,
            Image = null,
            Model = OverlaidDirectoryReader.Read(root, out _),
            Layers = [],
        };
    }

    /// <summary>
    /// Copies the tree of the <c>dir:</c> spec into <paramref name="target"/> through a staging directory. Entries
    /// are read without following symlinks and written exclusively below the staging directory, so nothing a link
    /// points at, inside or outside the source, is read or written.
    /// </summary>
    private static async Task<RootfsResult> CopyDirectoryAsync(ImageSourceSpec spec, string target, RootfsOptions options, CancellationToken cancellationToken)
    {
        string path = spec.Location;
        string root = ResolveDirectory(path);
        if (target == root || target.StartsWith(root + "/", StringComparison.Ordinal) || root == "/")
        {
            throw new FlixException($"The target '{target}' lies inside the source directory '{path}'; copy the tree somewhere outside it.");
        }

        var model = OverlaidDirectoryReader.Read(root, out _);
        string staging = CreateStaging(target);
        try
        {
            var materializer = new TreeMaterializerOptions
            {
                ApplyOwners = options.Apply.Privileged,
                ApplyExtendedAttributes = options.Apply.Privileged,
            };
            await TreeMaterializer.MaterializeAsync(model, staging, materializer, cancellationToken).ConfigureAwait(false);
            Publish(staging, target);
            model = Rebase(model, root, target);
            return new RootfsResult
            {
                Directory = target,
                Description = spec.Syntax.Prefix + root,
                Source = spec.Syntax.Name,
                Image = null,
                Model = model,
                Layers = [],
                OverlayFile = KeepOverlay(model, target, options.Apply.Privileged),
            };
        }
        catch
        {
            TreeRemover.TryDelete(staging);
            throw;
        }
    }

    /// <summary>The absolute folder a <c>dir:</c> source names; a link naming it is followed once, as the user named it, links inside it never are.</summary>
    private static string ResolveDirectory(string path)
    {
        string root = Path.GetFullPath(path).TrimEnd('/');
        if (root.Length == 0)
        {
            root = "/";
        }

        if (!Directory.Exists(root))
        {
            throw new FlixException($"The source directory '{path}' does not exist or is not a directory.");
        }

        if (new DirectoryInfo(root).ResolveLinkTarget(returnFinalTarget: true) is { } resolved)
        {
            root = resolved.FullName.TrimEnd('/');
        }

        return root.Length == 0 ? "/" : root;
    }

    private static async Task<IReadOnlyList<LayerApplyResult>> ApplyLayersAsync(
        IImageSource source, ResolvedImage image, string root, FileTree model, RootfsOptions options, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        int count = image.Layers.Count;

        // Every download starts now (the source bounds how many run at once); layers are applied in order.
        var downloads = new Task<string>[count];
        for (int i = 0; i < count; i++)
        {
            var layer = image.Layers[i];
            var progress = options.Progress is null ? null : new LayerDownloadProgress(options.Progress, i, count, layer);
            downloads[i] = source.FetchBlobAsync(layer, progress, stop.Token);
        }

        var results = new List<LayerApplyResult>(count);
        try
        {
            for (int i = 0; i < count; i++)
            {
                var layer = image.Layers[i];
                string blob = await downloads[i].ConfigureAwait(false);
                var blobStream = new FileStream(blob, FileMode.Open, FileAccess.Read, FileShare.Read, BlobBufferSize, FileOptions.SequentialScan);
                await using (blobStream.ConfigureAwait(false))
                {
                    var tar = LayerDecompression.Open(blobStream, layer.MediaType, layer.Digest);
                    await using (tar.ConfigureAwait(false))
                    {
                        results.Add(await LayerApplier.ApplyAsync(tar, layer.Digest, root, model, options.Apply, stop.Token).ConfigureAwait(false));
                    }
                }

                options.Progress?.Report(new RootfsProgress(i, count, layer.Digest, layer.Size, layer.Size, Applied: true));
            }
        }
        catch
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(downloads.Select(d => d.ContinueWith(_ => { }, TaskScheduler.Default))).ConfigureAwait(false);
            throw;
        }

        return results;
    }

    /// <summary>The target must not exist, or be an empty directory (which is then replaced).</summary>
    private static void RequireUsableTarget(string target)
    {
        if (File.Exists(target) || (Directory.Exists(target) && new FileInfo(target).LinkTarget is not null))
        {
            throw new FlixException($"'{target}' exists and is not a directory; the rootfs needs a new or empty directory.");
        }

        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
        {
            throw new FlixException($"'{target}' is not empty; the rootfs needs a new or empty directory.");
        }

        string? parent = Path.GetDirectoryName(target);
        if (parent is null || !Directory.Exists(parent))
        {
            throw new FlixException(parent is not null && Path.Exists(parent)
                ? $"Cannot make '{target}': '{parent}' is not a folder."
                : $"Cannot make '{target}': its parent folder '{parent}' does not exist.");
        }

        // The rootfs is staged beside the target: a parent that takes no new entry fails now, not after the downloads.
        if (OutputFolder.WhyNotWritable(parent) is { } reason)
        {
            throw new FlixException($"Cannot make '{target}': '{parent}': {reason}.");
        }
    }

    private static string CreateStaging(string target)
    {
        string staging = Path.Combine(Path.GetDirectoryName(target)!, "." + Path.GetFileName(target) + ".flix-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(staging, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return staging;
    }

    private static void Publish(string staging, string target)
    {
        if (Directory.Exists(target))
        {
            Directory.Delete(target); // empty, checked before
        }

        Directory.Move(staging, target);
    }

    /// <summary>
    /// Unprivileged, what the disk could not take (owners, device nodes, some modes and xattrs) is written beside
    /// the root, so that a later <c>flix pack</c> or <c>dir:</c> source of it is still right; returns that file's path,
    /// or null when the disk holds everything. A file left there by an earlier run is removed either way.
    /// </summary>
    private static string? KeepOverlay(FileTree model, string target, bool privileged)
    {
        MetadataOverlayFile.Delete(target);
        if (privileged)
        {
            return null;
        }

        var overlay = MetadataOverlay.Diff(model, DirectoryTreeReader.Read(target));
        return overlay.IsEmpty ? null : MetadataOverlayFile.Write(target, overlay);
    }

    /// <summary>Points the model's file contents at the published directory instead of <paramref name="from"/> (the staging or source one).</summary>
    private static FileTree Rebase(FileTree model, string from, string target)
    {
        var seen = new HashSet<TreeNode>(ReferenceEqualityComparer.Instance);
        foreach (var (_, node) in model.Walk())
        {
            if (node.Content is DiskFileContent disk && seen.Add(node) && disk.Path.StartsWith(from + "/", StringComparison.Ordinal))
            {
                node.ReplaceContent(new DiskFileContent(target + disk.Path[from.Length..], disk.Length));
            }
        }

        return model;
    }

    /// <summary>Turns a download's byte counts into running totals for one layer.</summary>
    private sealed class LayerDownloadProgress(IProgress<RootfsProgress> target, int layer, int count, OciDescriptor descriptor) : IProgress<long>
    {
        private long _downloaded;

        public void Report(long value)
        {
            long total = Interlocked.Add(ref _downloaded, value);
            target.Report(new RootfsProgress(layer, count, descriptor.Digest, descriptor.Size, Math.Min(total, descriptor.Size), Applied: false));
        }
    }
}
