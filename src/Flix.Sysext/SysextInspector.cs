using System.Text;
using Flix.Core;
using Flix.Core.Hashing;
using Flix.Core.Tree;
using Flix.Erofs.Format;
using Flix.Erofs.Reading;
using Flix.SquashFs.Format;
using Flix.SquashFs.Reading;
using Flix.Sysext.Inspect;
using Flix.Sysext.Units;

namespace Flix.Sysext;

/// <summary>
/// Reads a system extension back — a SquashFS image (Flix's or mksquashfs's), an EROFS image (mkfs.erofs's) or a
/// directory — and reports what a host would see: its format and superblock, its extension-release files, the name
/// it must be installed under, the units it ships and enables, the ELF closure of its programs, and the layout
/// checks of <see cref="LayoutChecker"/> run on its tree.
/// </summary>
public static class SysextInspector
{

    /// <summary>Inspects <see cref="SysextInspectOptions.ImagePath"/>.</summary>
    /// <exception cref="InvalidDataException">The file is no image, or a malformed one; the message names it.</exception>
    /// <exception cref="NotSupportedException">The file is an image Flix cannot read (an unknown compressor, EROFS features of newer erofs-utils).</exception>
    /// <exception cref="FlixException">The folder holds Flix's outputs rather than an extension.</exception>
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
            ImageFormat.Erofs => await InspectErofsAsync(path, options, cancellationToken).ConfigureAwait(false),
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
        var entries = options.ListEntries ? image.Walk().Select(ToInspected).ToList() : null;

        // The tree's file contents are read from the image, so this happens while it is open.
        var findings = await InspectTreeAsync(tree, path, isDirectory: false, cancellationToken).ConfigureAwait(false);
        return findings.ToInspection(path, ImageFormat.SquashFs, image.FileLength, entries) with
        {
            Sha256 = sha256,
            SquashFs = facts,
            Root = options.ListEntries ? ToInspected(image.Root) : null,
        };
    }

    private static async Task<SysextInspection> InspectErofsAsync(string path, SysextInspectOptions options, CancellationToken cancellationToken)
    {
        (string sha256, _) = await FileSha256.ComputeAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
        using var image = ErofsImage.Open(path);
        var superblock = image.Superblock;
        var walked = image.Walk().ToList();
        cancellationToken.ThrowIfCancellationRequested();
        bool compressed = walked.Any(e => e.DataLayout is ErofsDataLayout.CompressedFull or ErofsDataLayout.CompressedCompact);
        var facts = new ErofsFacts
        {
            BlockSize = image.BlockSize,
            InodeCount = superblock.InodeCount,
            BuildTime = DateTimeOffset.FromUnixTimeSeconds(superblock.BuildTime),
            Features = ErofsSuperblock.DescribeFeatures(superblock.FeatureIncompat).Split(", ", StringSplitOptions.RemoveEmptyEntries),
            Compression = !compressed ? "none" : ErofsAlgorithmNames(superblock.CompressionAlgorithms),
            Uuid = superblock.Uuid,
        };
        var tree = image.ReadTree();
        var findings = await InspectTreeAsync(tree, path, isDirectory: false, cancellationToken).ConfigureAwait(false);
        return findings.ToInspection(path, ImageFormat.Erofs, image.FileLength, options.ListEntries ? walked.Select(ToInspected).ToList() : null) with
        {
            Sha256 = sha256,
            Erofs = facts,
            Root = options.ListEntries ? ToInspected(image.Root) : null,
        };
    }

    /// <summary>The algorithms of an available_compr_algs bitmap (lz4 when the image predates the bitmap).</summary>
    private static string ErofsAlgorithmNames(ushort bitmap)
    {
        string[] names = ["lz4", "lzma", "deflate", "zstd"];
        var used = names.Where((_, bit) => (bitmap & (1 << bit)) != 0).ToList();
        return used.Count == 0 ? "lz4" : string.Join(",", used);
    }

    private static async Task<SysextInspection> InspectDirectoryAsync(string path, SysextInspectOptions options, CancellationToken cancellationToken)
    {
        RejectOutputFolder(path);
        var tree = DirectoryTreeReader.Read(path);
        var findings = await InspectTreeAsync(tree, path, isDirectory: true, cancellationToken).ConfigureAwait(false);
        var seen = new HashSet<TreeNode>(ReferenceEqualityComparer.Instance);
        long size = tree.Walk().Where(e => e.Node.Kind == EntryKind.RegularFile && seen.Add(e.Node)).Sum(e => e.Node.Size);
        var entries = options.ListEntries ? tree.Walk().Select(e => ToInspected(e.Path, e.Node)).ToList() : null;
        return findings.ToInspection(path, ImageFormat.Directory, size, entries) with
        {
            Root = options.ListEntries ? ToInspected(string.Empty, tree.Root) : null,
        };
    }

    /// <summary>
    /// A folder with neither usr/ nor opt/ that holds Flix's outputs (images, SHA256SUMS, directory extensions) is
    /// where flix writes, not an extension: say so, and which image to inspect, instead of running the layout checks.
    /// </summary>
    private static void RejectOutputFolder(string path)
    {
        var folder = new DirectoryInfo(path);
        if (folder.EnumerateFileSystemInfos().Any(e => e.Name is "usr" or "opt"))
        {
            return;
        }

        var images = folder.EnumerateFiles("*" + ExtensionImageName.RawSuffix).Select(f => f.Name)
            .Concat(folder.EnumerateDirectories().Where(d => Directory.Exists(Path.Combine(d.FullName, ExtensionRelease.DirectoryPath))).Select(d => d.Name))
            .Order(StringComparer.Ordinal)
            .ToList();
        bool sums = File.Exists(Path.Combine(path, Sha256SumsFile.FileName));
        if (images.Count == 0 && !sums)
        {
            return;
        }

        string example = images.Count > 0 ? $"flix inspect {Path.Combine(path, images[0])}" : "flix inspect IMAGE.raw";
        string found = string.Join(", ", images.Take(3).Concat(sums ? [Sha256SumsFile.FileName] : []));
        throw new FlixException(
            $"[{DiagnosticIds.OutputFolder}] '{path}' is a folder of built extensions ({found}), not an extension (it has no usr/ or opt/); inspect one of its images instead: {example}");
    }

    private static InspectedEntry ToInspected(SquashFsEntry e) =>
        Inspected(e.Path, e.Kind, e.Mode, (e.Uid, e.Gid), e.Size, e.ModificationTime, e.LinkTarget, (e.DeviceMajor, e.DeviceMinor));

    private static InspectedEntry ToInspected(ErofsEntry e) =>
        Inspected(e.Path, e.Kind, e.Mode, (e.Uid, e.Gid), e.Size, e.ModificationTime, e.LinkTarget, (e.DeviceMajor, e.DeviceMinor));

    private static InspectedEntry ToInspected(string path, TreeNode n) =>
        Inspected(path, n.Kind, n.Mode, (n.Uid, n.Gid), n.Size, n.ModificationTime, n.LinkTarget, (n.DeviceMajor, n.DeviceMinor));

    private static InspectedEntry Inspected(
        string path, EntryKind kind, uint mode, (uint Uid, uint Gid) owner, long size, long time, string? target, (uint Major, uint Minor) device) => new()
    {
        Path = path,
        Kind = kind,
        Mode = mode,
        Uid = owner.Uid,
        Gid = owner.Gid,
        Size = size,
        ModificationTime = time,
        LinkTarget = target,
        DeviceMajor = device.Major,
        DeviceMinor = device.Minor,
    };

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
        var units = ExtensionUnits.Scan(tree);
        var (elfObjects, elfDiagnostics) = ElfClosureReader.Read(tree);
        diagnostics.AddRange(elfDiagnostics);
        return new TreeFindings(imageName, matching, releases, diagnostics, units, elfObjects);
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
        ExtensionImageName ImageName,
        ExtensionReleaseFile? MatchingRelease,
        IReadOnlyList<ExtensionReleaseFile> Releases,
        IReadOnlyList<Diagnostic> Diagnostics,
        ExtensionUnits Units,
        IReadOnlyList<ElfObjectReport> ElfObjects)
    {
        public SysextInspection ToInspection(string path, ImageFormat format, long size, IReadOnlyList<InspectedEntry>? entries) => new()
        {
            Path = path,
            Format = format,
            Size = size,
            ImageName = ImageName,
            MatchingRelease = MatchingRelease,
            Releases = Releases,
            Diagnostics = Diagnostics,
            Units = Units,
            ElfObjects = ElfObjects,
            Entries = entries,
        };
    }
}
