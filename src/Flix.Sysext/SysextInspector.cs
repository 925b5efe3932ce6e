using System.Text;
using Flix.Core.Hashing;
using Flix.Core.Tree;
using Flix.SquashFs.Format;
using Flix.SquashFs.Reading;

namespace Flix.Sysext;

/// <summary>
/// Reads a system extension back — a SquashFS image (Flix's or mksquashfs's) or a directory — and reports what a
/// host would see: its format and superblock, its extension-release files, the name it must be installed under,
/// and the layout checks of <see cref="LayoutChecker"/> run on its tree.
/// </summary>
public static class SysextInspector
{

    /// <summary>Inspects <see cref="SysextInspectOptions.ImagePath"/>.</summary>
    /// <exception cref="InvalidDataException">The file is no image, or a malformed one; the message names it.</exception>
    /// <exception cref="NotSupportedException">The file is an image Flix cannot read yet (EROFS, an unknown compressor).</exception>
    public static async Task<SysextInspection> InspectAsync(SysextInspectOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.ImagePath);
        string path = options.ImagePath;
        if (Directory.Exists(path))
        {
            return await InspectDirectoryAsync(path, options, cancellationToken).ConfigureAwait(false);
        }

        var header = await ReadHeaderAsync(path, cancellationToken).ConfigureAwait(false);
        return ImageSignature.Detect(header) switch
        {
            ImageFormat.SquashFs => await InspectSquashFsAsync(path, options, cancellationToken).ConfigureAwait(false),
            ImageFormat.Erofs => throw new NotSupportedException(
                $"'{path}' is an EROFS image (magic 0x{ImageSignature.ErofsMagic:x8} at offset {ImageSignature.ErofsMagicOffset}); EROFS images are not readable by flix inspect yet, only SquashFS images and directories."),
            _ => throw new InvalidDataException(
                $"'{path}' is not a system extension image: it starts with {ImageSignature.DescribeStart(header)}, which is not the SquashFS magic 'hsqs' (68 73 71 73), and has no EROFS magic at offset {ImageSignature.ErofsMagicOffset}."),
        };
    }

    private static async Task<byte[]> ReadHeaderAsync(string path, CancellationToken cancellationToken)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
        var header = new byte[(int)Math.Min(ImageSignature.HeaderLength, RandomAccess.GetLength(handle))];
        int total = 0;
        while (total < header.Length)
        {
            int read = await RandomAccess.ReadAsync(handle, header.AsMemory(total), total, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return header[..total];
    }

    private static async Task<SysextInspection> InspectSquashFsAsync(string path, SysextInspectOptions options, CancellationToken cancellationToken)
    {
        (string sha256, _) = await FileSha256.ComputeAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
        using var image = SquashFsImage.Open(path);
        var superblock = image.Superblock;
        var facts = new SquashFsFacts
        {
            Compression = superblock.Compressor,
            BlockSize = (int)superblock.BlockSize,
            InodeCount = superblock.InodeCount,
            FragmentCount = superblock.FragmentCount,
            IdCount = superblock.IdCount,
            BytesUsed = (long)superblock.BytesUsed,
            ModificationTime = DateTimeOffset.FromUnixTimeSeconds(superblock.ModificationTime),
            HasXattrs = superblock.XattrIdTableStart != ulong.MaxValue,
            HasExportTable = superblock.ExportTableStart != ulong.MaxValue,
            HasCompressorOptions = superblock.Flags.HasFlag(SuperblockFlags.CompressorOptions),
        };

        var tree = image.ReadTree();
        cancellationToken.ThrowIfCancellationRequested();
        List<InspectedEntry>? entries = null;
        if (options.ListEntries)
        {
            entries = [];
            foreach (var entry in image.Walk())
            {
                cancellationToken.ThrowIfCancellationRequested();
                entries.Add(new InspectedEntry
                {
                    Path = entry.Path,
                    Kind = entry.Kind,
                    Mode = entry.Mode,
                    Uid = entry.Uid,
                    Gid = entry.Gid,
                    Size = entry.Size,
                    ModificationTime = entry.ModificationTime,
                    LinkTarget = entry.LinkTarget,
                    DeviceMajor = entry.DeviceMajor,
                    DeviceMinor = entry.DeviceMinor,
                });
            }
        }

        // The tree's file contents are read from the image, so this happens while it is open.
        var findings = await InspectTreeAsync(tree, path, isDirectory: false, cancellationToken).ConfigureAwait(false);
        return new SysextInspection
        {
            Path = path,
            Format = ImageFormat.SquashFs,
            Size = image.FileLength,
            Sha256 = sha256,
            SquashFs = facts,
            ImageName = findings.ImageName,
            MatchingRelease = findings.MatchingRelease,
            Releases = findings.Releases,
            Diagnostics = findings.Diagnostics,
            Entries = entries,
        };
    }

    private static async Task<SysextInspection> InspectDirectoryAsync(string path, SysextInspectOptions options, CancellationToken cancellationToken)
    {
        var tree = DirectoryTreeReader.Read(path);
        var findings = await InspectTreeAsync(tree, path, isDirectory: true, cancellationToken).ConfigureAwait(false);
        var seen = new HashSet<TreeNode>(ReferenceEqualityComparer.Instance);
        long size = tree.Walk().Where(e => e.Node.Kind == EntryKind.RegularFile && seen.Add(e.Node)).Sum(e => e.Node.Size);
        return new SysextInspection
        {
            Path = path,
            Format = ImageFormat.Directory,
            Size = size,
            ImageName = findings.ImageName,
            MatchingRelease = findings.MatchingRelease,
            Releases = findings.Releases,
            Diagnostics = findings.Diagnostics,
            Entries = options.ListEntries
                ? [.. tree.Walk().Select(e => new InspectedEntry
                {
                    Path = e.Path,
                    Kind = e.Node.Kind,
                    Mode = e.Node.Mode,
                    Uid = e.Node.Uid,
                    Gid = e.Node.Gid,
                    Size = e.Node.Size,
                    ModificationTime = e.Node.ModificationTime,
                    LinkTarget = e.Node.LinkTarget,
                    DeviceMajor = e.Node.DeviceMajor,
                    DeviceMinor = e.Node.DeviceMinor,
                })]
                : null,
        };
    }

    /// <summary>The metadata, the name and the checks of a tree read from an image; format facts are the caller's.</summary>
    private static async Task<TreeFindings> InspectTreeAsync(FileTree tree, string path, bool isDirectory, CancellationToken cancellationToken)
    {
        var (releases, problems) = await ReadReleasesAsync(tree, cancellationToken).ConfigureAwait(false);
        string fileName = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(path)));
        var parsed = ExtensionImageName.Parse(fileName, isDirectory);

        string suffix = isDirectory ? string.Empty : ExtensionImageName.RawSuffix;
        var diagnostics = new List<Diagnostic>();
        var matching = releases.FirstOrDefault(r => r.Name == parsed.ImageName);
        var imageName = matching is null ? parsed : parsed.As(matching.Name)!;
        Diagnostic? nameFinding = null;
        if (matching is null)
        {
            foreach (var release in releases)
            {
                if (parsed.As(release.Name) is { } versioned)
                {
                    (matching, imageName) = (release, versioned);
                    nameFinding = new Diagnostic(DiagnosticSeverity.Note, DiagnosticIds.InstallName, release.Path,
                        $"the metadata is for '{release.Name}' and the image name is versioned: systemd-sysext merges it only as {release.Name}{suffix} on the host, e.g. /opt/extensions/{release.Name}/{fileName} with the symlink /etc/extensions/{release.Name}{suffix} pointing to it.");
                    break;
                }
            }
        }

        if (matching is null && releases.Count == 0)
        {
            nameFinding = new Diagnostic(DiagnosticSeverity.Error, DiagnosticIds.MissingExtensionRelease, ExtensionRelease.DirectoryPath,
                $"there is no readable extension-release file: systemd-sysext refuses to merge an image without {ExtensionRelease.DirectoryPath}/{ExtensionRelease.FileNameFor(parsed.Name)}.");
        }
        else if (matching is null)
        {
            string found = string.Join(", ", releases.Select(r => ExtensionRelease.FileNameFor(r.Name)));
            nameFinding = new Diagnostic(DiagnosticSeverity.Warning, DiagnosticIds.NameMismatch, ExtensionRelease.DirectoryPath,
                $"no metadata matches the image name '{parsed.ImageName}'{(parsed.IsVersioned ? $" or '{parsed.Name}'" : string.Empty)} (found {found}): systemd-sysext refuses the image unless it is installed as {releases[0].Name}{suffix}.");
        }

        foreach (var diagnostic in LayoutChecker.Check(tree, imageName.Name, new LayoutCheckOptions { Packed = true }))
        {
            // With no matching metadata the name finding lists every file; one foreign warning each would repeat it.
            if (!(matching is null && diagnostic.Id == DiagnosticIds.ForeignExtensionRelease))
            {
                diagnostics.Add(diagnostic);
            }
        }

        if (nameFinding is not null)
        {
            diagnostics.Add(nameFinding);
        }

        diagnostics.AddRange(problems);
        return new TreeFindings(imageName, matching, releases, diagnostics);
    }

    /// <summary>Every regular extension-release.* file of the tree, parsed, with the problems found in them.</summary>
    private static async Task<(List<ExtensionReleaseFile> Releases, List<Diagnostic> Problems)> ReadReleasesAsync(
        FileTree tree, CancellationToken cancellationToken)
    {
        var releases = new List<ExtensionReleaseFile>();
        var problems = new List<Diagnostic>();
        if (tree.Find(ExtensionRelease.DirectoryPath) is not { IsDirectory: true } directory)
        {
            return (releases, problems);
        }

        foreach (var (fileName, node) in directory.Children)
        {
            string path = ExtensionRelease.DirectoryPath + "/" + fileName;
            if (ExtensionReleaseFile.NameOf(fileName) is not { } name)
            {
                continue;
            }

            if (node.Kind != EntryKind.RegularFile)
            {
                problems.Add(new Diagnostic(DiagnosticSeverity.Warning, DiagnosticIds.MalformedExtensionRelease, path,
                    $"is a {LayoutChecker.Describe(node)}, not a regular file; flix inspect does not follow it, so its fields are not shown."));
                continue;
            }

            if (node.Size > ExtensionReleaseFile.MaxLength)
            {
                problems.Add(new Diagnostic(DiagnosticSeverity.Warning, DiagnosticIds.MalformedExtensionRelease, path,
                    $"{node.Size} bytes is too large for a metadata file (at most {ExtensionReleaseFile.MaxLength}); it was not read."));
                continue;
            }

            var bytes = new byte[node.Size];
            var stream = node.Content!.OpenRead();
            await using (stream.ConfigureAwait(false))
            {
                await stream.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
            }

            var release = ExtensionReleaseFile.Parse(name, path, Encoding.UTF8.GetString(bytes));
            releases.Add(release);
            problems.AddRange(release.Problems.Select(problem =>
                new Diagnostic(DiagnosticSeverity.Warning, DiagnosticIds.MalformedExtensionRelease, path, problem)));
        }

        return (releases, problems);
    }

    private sealed record TreeFindings(
        ExtensionImageName ImageName, ExtensionReleaseFile? MatchingRelease, IReadOnlyList<ExtensionReleaseFile> Releases, IReadOnlyList<Diagnostic> Diagnostics);
}
