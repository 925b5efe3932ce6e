using System.Text;
using Flix.Core;
using Flix.Core.Tree;
using Flix.Sysext;
using Flix.Sysext.Units;

namespace Flix.FlixMode;

internal sealed partial class FlixBuildSession
{
    private const int MaxUnitBytes = 1024 * 1024;

    /// <summary>The shipped unit files and drop-ins, by target, in the order placed.</summary>
    private readonly List<string> _unitFiles = [];

    /// <summary>Remembers <paramref name="target"/> when it is a unit or a unit's drop-in under a systemd folder.</summary>
    private void NoteUnitFile(string target)
    {
        if (IsUnitPath(target))
        {
            _unitFiles.Add(target);
        }
    }

    /// <summary>
    /// Refuses a unit or drop-in of a copied folder that is a fifo, a device or a socket (<paramref name="imagePath"/>
    /// names it in the image): systemd would pass over it, so the unit the user meant to ship would silently be missing.
    /// </summary>
    private static void RequireUnitFileKind(string target, string imagePath, TreeNode node)
    {
        if (node.Kind is not (EntryKind.RegularFile or EntryKind.Symlink or EntryKind.Directory) && IsUnitPath(target))
        {
            throw new FlixException($"The unit {imagePath} is a {LayoutChecker.Describe(node)}, not a file; remove it from the image or name the files to ship.");
        }
    }

    /// <summary>True when <paramref name="target"/> names a unit, or a drop-in in a unit's .d folder, under a systemd folder.</summary>
    private static bool IsUnitPath(string target)
    {
        if (!target.Contains("/systemd/", StringComparison.Ordinal))
        {
            return false;
        }

        string name = Path.GetFileName(target);
        string folder = Path.GetFileName(Path.GetDirectoryName(target) ?? string.Empty);
        return UnitFileNames.IsUnitFileName(name) || (name.EndsWith(".conf", StringComparison.Ordinal) && folder.EndsWith(".d", StringComparison.Ordinal));
    }

    /// <summary>
    /// Points every command and checked path of the shipped units at where the programs landed (an image's
    /// /usr/sbin/nginx is the extension's /usr/bin/nginx); a program a unit runs that is not shipped is a warning
    /// naming the unit and the line.
    /// </summary>
    private void RewriteUnits()
    {
        if (_unitFiles.Count == 0)
        {
            return;
        }

        var shipped = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (target, canonical) in _placed.OrderBy(p => p.Key.StartsWith("/usr/bin/", StringComparison.Ordinal) ? 0 : 1).ThenBy(p => p.Key, StringComparer.Ordinal))
        {
            shipped.TryAdd(canonical, target);
        }

        foreach (var target in _unitFiles.Distinct(StringComparer.Ordinal))
        {
            if (_tree.Find(target) is not { Kind: EntryKind.RegularFile, Content: { } content } node)
            {
                continue;
            }

            if (content.Length > MaxUnitBytes)
            {
                throw new FlixException($"The unit {target} is larger than {MaxUnitBytes} bytes.");
            }

            string text;
            using (var reader = new StreamReader(content.OpenRead(), new UTF8Encoding(false)))
            {
                text = reader.ReadToEnd();
            }

            var rewrite = UnitProgramRewriter.Rewrite(text, program => ShippedAt(shipped, program));
            foreach (var unshipped in rewrite.Unshipped)
            {
                _warnings.Add($"The unit {target} runs {unshipped.Program} ({unshipped.Setting}= on line {unshipped.Line}), which the extension does not ship: "
                    + "the host's runs, if it has one.");
            }

            if (rewrite.Text != text)
            {
                var file = TreeNode.CreateFile(MemoryFileContent.FromText(rewrite.Text), node.Mode).CopyAttributesFrom(node);
                _tree.Add(target, file);
            }
        }
    }

    /// <summary>Where the extension ships the program a unit names: by its path or the file it resolves to in the image.</summary>
    private string? ShippedAt(Dictionary<string, string> shipped, string program)
    {
        if (!program.StartsWith('/'))
        {
            // A bare name: systemd looks in /usr/bin and friends, where Flix puts programs.
            return _placed.ContainsKey("/usr/bin/" + program) ? program : null;
        }

        if (_placed.ContainsKey(program))
        {
            return program;
        }

        return shipped.TryGetValue(program, out var direct) ? direct
            : RootfsPathResolver.Resolve(_rootfs, program, followLast: true) is { } resolved && shipped.TryGetValue(resolved.Path, out var target) ? target
            : null;
    }
}
