using System.Security.Cryptography;
using Flix.Core;
using Flix.Core.Hashing;
using Flix.Core.IO;
using Flix.Core.Interop;
using Flix.Core.Tree;

namespace Flix.Sysext;

/// <summary>
/// Turns a file tree into a system extension: checks the layout, normalises owners and times, adds the
/// extension-release file, writes the image (SquashFS, EROFS or a directory) atomically, records its hash in
/// SHA256SUMS and optionally writes the deployment files (sysupdate transfers, Butane, Ignition).
/// </summary>
/// <remarks>The tree is modified: owners, times and the metadata file are set on it before it is written.</remarks>
public static class SysextPacker
{
    private const uint DirectoryMode = 0x1ED; // 0755
    private const uint MetadataFileMode = 0x1A4; // 0644

    /// <summary>The layout findings for <paramref name="tree"/> packed with <paramref name="options"/>, without writing anything.</summary>
    public static IReadOnlyList<Diagnostic> Check(FileTree tree, SysextPackOptions options)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(options);
        return LayoutChecker.Check(tree, options.Name, options.Checks);
    }

    public static async Task<SysextPackResult> PackAsync(FileTree tree, SysextPackOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        var diagnostics = Check(tree, options);
        if (diagnostics.Any(d => d.IsError))
        {
            throw new SysextLayoutException(options.Name, diagnostics);
        }

        if (options.Format == ImageFormat.Directory && !options.KeepOwners && Libc.GetEUid() != 0)
        {
            throw new FlixException(
                "A directory extension owned by root can only be written by root; run as root, give --keep-owners (entries stay yours), or write an image format.");
        }

        var release = new ExtensionRelease
        {
            Name = options.Name,
            Id = options.Os,
            Architecture = options.Architecture,
            VersionId = options.Version,
            ReloadManager = options.ReloadManager,
        };
        Prepare(tree, release, options);

        string outputDirectory = OutputFolder.Prepare(options.OutputDirectory);
        string outputPath = Path.Combine(outputDirectory, options.OutputName);
        string sumsPath = Path.Combine(outputDirectory, Sha256SumsFile.FileName);

        string? sha256 = null;
        long size;
        if (options.Format == ImageFormat.Directory)
        {
            await DirectoryImageWriter.WriteAsync(tree, outputPath, options.SourceDirectory, cancellationToken).ConfigureAwait(false);
            size = ContentSize(tree);
        }
        else
        {
            // A broken SHA256SUMS is reported before minutes of compression, not after.
            _ = await Sha256SumsFile.ReadAsync(sumsPath, cancellationToken).ConfigureAwait(false);
            (sha256, size) = await WriteImageAsync(tree, outputPath, options, cancellationToken).ConfigureAwait(false);
            await Sha256SumsFile.UpdateAsync(sumsPath, options.OutputName, sha256, cancellationToken).ConfigureAwait(false);
        }

        var deployment = await Deploy.DeploymentWriter.WriteAsync(options, outputDirectory, sha256, cancellationToken).ConfigureAwait(false);
        string? sysupdatePath = deployment.FirstOrDefault(f => f.Kind == Deploy.DeploymentFileKinds.Transfer)?.Path;

        return new SysextPackResult
        {
            Path = outputPath,
            Format = options.Format,
            Size = size,
            Sha256 = sha256,
            Sha256SumsPath = sha256 is null ? null : sumsPath,
            SysupdatePath = sysupdatePath,
            DeploymentFiles = deployment,
            ExtensionRelease = release.Render(),
            Diagnostics = diagnostics,
        };
    }

    /// <summary>Owners, times and the metadata file, as they go into the image.</summary>
    private static void Prepare(FileTree tree, ExtensionRelease release, SysextPackOptions options)
    {
        if (!options.KeepOwners)
        {
            tree.SetAllOwners(0, 0);
        }

        // Nothing is newer than the image: reproducible output whatever the clock said when files were made.
        tree.Root.ModificationTime = Math.Min(tree.Root.ModificationTime, options.Epoch);
        foreach (var (_, node) in tree.Walk())
        {
            node.ModificationTime = Math.Min(node.ModificationTime, options.Epoch);
        }

        // New entries belong to the owner of their parent: root after --all-root, else the tree's owner.
        var directory = tree.Root;
        foreach (var part in ExtensionRelease.DirectoryPath.Split('/'))
        {
            var child = directory.GetChild(part);
            if (child is null)
            {
                child = TreeNode.CreateDirectory(DirectoryMode);
                child.ModificationTime = options.Epoch;
                (child.Uid, child.Gid) = (directory.Uid, directory.Gid);
                directory.SetChild(part, child);
            }

            directory = child;
        }

        var file = TreeNode.CreateFile(MemoryFileContent.FromText(release.Render()), MetadataFileMode);
        file.ModificationTime = options.Epoch;
        (file.Uid, file.Gid) = (directory.Uid, directory.Gid);
        directory.SetChild(ExtensionRelease.FileNameFor(release.Name), file);
    }

    private static Task<(string Sha256, long Size)> WriteImageAsync(
        FileTree tree, string outputPath, SysextPackOptions options, CancellationToken cancellationToken) =>
        AtomicFile.PublishAsync(outputPath, async (temporary, ct) =>
        {
            if (options.Format == ImageFormat.SquashFs)
            {
                await SquashFsImageWriter.WriteAsync(tree, temporary, SquashFsImageWriter.CreateWriterOptions(options), ct).ConfigureAwait(false);
            }
            else
            {
                await ErofsImageWriter.WriteAsync(tree, temporary, options.Epoch, allRoot: !options.KeepOwners, options.MkfsErofsPath, ct).ConfigureAwait(false);
            }

            // Hashing reads the image back and flushes it to disk: the published file is whole after a crash.
            return await FileSha256.ComputeAsync(temporary, flushToDisk: true, ct).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>Bytes of regular files, each node once.</summary>
    private static long ContentSize(FileTree tree)
    {
        var seen = new HashSet<TreeNode>(ReferenceEqualityComparer.Instance);
        long size = 0;
        foreach (var (_, node) in tree.Walk())
        {
            if (node.Kind == EntryKind.RegularFile && seen.Add(node))
            {
                size += node.Size;
            }
        }

        return size;
    }
}
