using System.Globalization;
using System.Text.RegularExpressions;
using Flix.Core.IO;
using Flix.Core.Processes;
using Flix.Core.Tree;

namespace Flix.Sysext;

/// <summary>
/// Writes an EROFS image with mkfs.erofs: the tree is materialized into a staging directory beside the image,
/// then packed the way the bakery packs erofs extensions (lz4hc level 12, 64 KiB physical clusters, tail packing,
/// fragments where supported, a zero UUID, a fixed timestamp and, unless owners are kept, --all-root).
/// </summary>
public static partial class ErofsImageWriter
{
    public const string ToolName = "mkfs.erofs";

    /// <summary>The Debian package (and usual distribution package) that ships mkfs.erofs.</summary>
    public const string PackageName = "erofs-utils";

    private const string ZeroUuid = "00000000-0000-0000-0000-000000000000";

    /// <summary>
    /// Writes <paramref name="tree"/> to <paramref name="imagePath"/> (created or replaced by mkfs.erofs).
    /// <paramref name="allRoot"/> makes every entry root-owned; otherwise the tree's owners are kept, which needs
    /// root unless they are the caller's.
    /// </summary>
    public static async Task WriteAsync(
        FileTree tree, string imagePath, long timestamp, bool allRoot, string? toolPath = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentException.ThrowIfNullOrEmpty(imagePath);
        ArgumentOutOfRangeException.ThrowIfNegative(timestamp);
        string tool = FindTool(toolPath);
        var version = await ReadToolVersionAsync(tool, cancellationToken).ConfigureAwait(false);
        bool modern = version is not null && version >= new Version(1, 6);
        if (!modern)
        {
            RejectNamesTheOldToolCannotWrite(tree);
        }

        bool fragments = modern;

        string staging = AtomicFile.TemporaryPathFor(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(imagePath))!, "erofs"), "staging");
        try
        {
            await TreeMaterializer.MaterializeAsync(
                tree, staging, new TreeMaterializerOptions { ApplyOwners = !allRoot }, cancellationToken).ConfigureAwait(false);

            var arguments = BuildArguments(imagePath, staging, timestamp, allRoot, fragments);
            var (exitCode, _, error) = await ExternalTool.RunAsync(tool, arguments, cancellationToken).ConfigureAwait(false);
            if (exitCode != 0)
            {
                throw new ExternalToolException(ToolName,
                    $"{ToolName} failed with exit code {exitCode} writing '{imagePath}': {LastLines(error)}");
            }
        }
        finally
        {
            TreeRemover.TryDelete(staging);
        }
    }

    /// <summary>The mkfs.erofs command line for one image.</summary>
    public static IReadOnlyList<string> BuildArguments(string imagePath, string sourceDirectory, long timestamp, bool allRoot, bool fragments)
    {
        var arguments = new List<string>
        {
            "--quiet",
            "-zlz4hc,12",
            "-C65536",
            fragments ? "-Efragments,ztailpacking" : "-Eztailpacking",
            "-T" + timestamp.ToString(CultureInfo.InvariantCulture),
            "-U" + ZeroUuid,
        };
        if (allRoot)
        {
            arguments.Add("--all-root");
        }

        arguments.Add(imagePath);
        arguments.Add(sourceDirectory);
        return arguments;
    }

    /// <summary>The mkfs.erofs to run, or a clear error naming the package to install.</summary>
    public static string FindTool(string? toolPath = null)
    {
        if (toolPath is not null)
        {
            return File.Exists(toolPath)
                ? toolPath
                : throw new ExternalToolException(ToolName, $"'{toolPath}' does not exist; the erofs format needs {ToolName} from the package {PackageName}.");
        }

        return ExternalTool.Find(ToolName)
            ?? throw new ExternalToolException(ToolName,
                $"{ToolName} was not found in PATH; the erofs format needs it: install the package {PackageName} (Debian/Ubuntu: apt-get install {PackageName}).");
    }

    /// <summary>
    /// The tool's version, or null when it cannot tell (erofs-utils 1.5 has no version option). Version 1.6 brought
    /// -Efragments; 1.5 silently ignores unknown extended options, so the version is asked for, not the option tried.
    /// </summary>
    private static async Task<Version?> ReadToolVersionAsync(string tool, CancellationToken cancellationToken)
    {
        var (exitCode, output, error) = await ExternalTool.RunAsync(tool, ["-V"], cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
        {
            return null;
        }

        var match = VersionPattern().Match(output + "\n" + error);
        return match.Success
            ? new Version(int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].ValueSpan, CultureInfo.InvariantCulture))
            : null;
    }

    /// <summary>
    /// mkfs.erofs 1.5 fails on a name of exactly 255 bytes with "Could not format the device: No such file or
    /// directory"; say which name instead.
    /// </summary>
    private static void RejectNamesTheOldToolCannotWrite(FileTree tree)
    {
        foreach (var (path, _) in tree.Walk())
        {
            string name = path[(path.LastIndexOf('/') + 1)..];
            if (System.Text.Encoding.UTF8.GetByteCount(name) >= TreeNode.MaxNameBytes)
            {
                throw new ExternalToolException(ToolName,
                    $"'{path}' has a {TreeNode.MaxNameBytes}-byte name, which {ToolName} before 1.6 cannot write; "
                    + "shorten it, use --format squashfs, or install erofs-utils 1.6 or later.");
            }
        }
    }

    private static string LastLines(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "(no error output)" : string.Join(" / ", lines.TakeLast(3));
    }

    [GeneratedRegex(@"(\d+)\.(\d+)")]
    private static partial Regex VersionPattern();
}
