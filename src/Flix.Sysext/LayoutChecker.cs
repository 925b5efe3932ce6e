using Flix.Core.Tree;

namespace Flix.Sysext;

/// <summary>
/// Checks that a tree makes a sane system extension for an immutable host and collects every finding:
/// what lies outside the merged hierarchies, usr/sbin, opt/, os-release and extension-release files, emptiness.
/// </summary>
public static class LayoutChecker
{
    /// <summary>The top-level folders systemd-sysext merges.</summary>
    public static IReadOnlyList<string> Hierarchies { get; } = ["usr", "opt"];

    /// <summary>Every finding about <paramref name="tree"/> as the extension <paramref name="name"/>, in a stable order.</summary>
    public static IReadOnlyList<Diagnostic> Check(FileTree tree, string name, LayoutCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentException.ThrowIfNullOrEmpty(name);
        options ??= new LayoutCheckOptions();
        var diagnostics = new List<Diagnostic>();

        foreach (var (entry, node) in tree.Root.Children)
        {
            if (!Hierarchies.Contains(entry))
            {
                diagnostics.Add(new Diagnostic(
                    options.AllowOutside ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error,
                    DiagnosticIds.OutsideHierarchies,
                    entry,
                    $"only /usr and /opt are merged; this top-level {Describe(node)} would be ignored on the host{(options.AllowOutside ? string.Empty : " (--allow-outside to ship it anyway)")}."));
            }
            else if (!node.IsDirectory)
            {
                diagnostics.Add(Error(DiagnosticIds.NotADirectory, entry, $"is a {Describe(node)}; it must be a directory."));
            }
        }

        if (!tree.Walk().Any(entry => !entry.Node.IsDirectory && !(options.Packed && IsMetadata(entry.Path))))
        {
            diagnostics.Add(Error(DiagnosticIds.EmptyTree, string.Empty, "the tree holds no files, only directories; there is nothing to extend."));
        }

        if (tree.Find("usr/sbin") is { } sbin)
        {
            diagnostics.Add(new Diagnostic(
                options.AllowUsrSbin ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error,
                DiagnosticIds.UsrSbin,
                "usr/sbin",
                $"this {Describe(sbin)} shadows the host's /usr/sbin, which on Flatcar is a symlink to bin: SSH and update-engine stop working; put the programs in usr/bin{(options.AllowUsrSbin ? string.Empty : " (--allow-usr-sbin to ship it anyway)")}."));
        }

        if (tree.Find("opt") is { IsDirectory: true })
        {
            diagnostics.Add(Warning(DiagnosticIds.ShipsOpt, "opt",
                "shipping opt/ makes the whole merged /opt read-only, where Flatcar writes /opt/extensions and /opt/bin."));
        }

        if (tree.Find("usr/lib") is { IsDirectory: false } usrLib)
        {
            diagnostics.Add(Error(DiagnosticIds.NotADirectory, "usr/lib", $"is a {Describe(usrLib)}; it must be a directory to hold the extension-release file."));
        }

        if (tree.Find("usr/lib/os-release") is not null)
        {
            diagnostics.Add(Error(DiagnosticIds.ShipsOsRelease, "usr/lib/os-release",
                "an extension must not ship os-release: it would replace the host's."));
        }

        var releaseDirectory = tree.Find(ExtensionRelease.DirectoryPath);
        if (releaseDirectory is { IsDirectory: false })
        {
            diagnostics.Add(Error(DiagnosticIds.NotADirectory, ExtensionRelease.DirectoryPath,
                $"is a {Describe(releaseDirectory)}; it must be a directory to hold the extension-release file."));
        }
        else if (releaseDirectory is not null)
        {
            string own = ExtensionRelease.FileNameFor(name);
            foreach (var entry in releaseDirectory.Children.Keys)
            {
                string path = ExtensionRelease.DirectoryPath + "/" + entry;
                if (entry == own)
                {
                    if (options.Packed)
                    {
                        continue;
                    }

                    diagnostics.Add(Warning(DiagnosticIds.ReplacedExtensionRelease, path,
                        "the tree already has this metadata file; it is replaced by one generated from the options."));
                }
                else if (entry.StartsWith("extension-release.", StringComparison.Ordinal))
                {
                    diagnostics.Add(Warning(DiagnosticIds.ForeignExtensionRelease, path,
                        $"metadata for another extension name; systemd-sysext reads only {own} from the image {name}.raw."));
                }
            }
        }

        return diagnostics;
    }

    private static bool IsMetadata(string path) =>
        path.StartsWith(ExtensionRelease.DirectoryPath + "/", StringComparison.Ordinal);

    private static Diagnostic Error(string id, string path, string message) => new(DiagnosticSeverity.Error, id, path, message);

    private static Diagnostic Warning(string id, string path, string message) => new(DiagnosticSeverity.Warning, id, path, message);

    /// <summary>The kind of <paramref name="node"/> in words (file, symlink, character device…).</summary>
    public static string Describe(TreeNode node) => node.Kind switch
    {
        EntryKind.Directory => "directory",
        EntryKind.RegularFile => "file",
        EntryKind.Symlink => "symlink",
        EntryKind.CharacterDevice => "character device",
        EntryKind.BlockDevice => "block device",
        EntryKind.Fifo => "fifo",
        EntryKind.Socket => "socket",
        _ => node.Kind.ToString(),
    };
}
