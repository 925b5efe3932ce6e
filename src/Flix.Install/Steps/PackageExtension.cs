using Flix.Core.Tree;
using Flix.Install.EntryPoints;
using Flix.Install.HostFiles;
using Flix.Sysext.Units;

namespace Flix.Install.Steps;

/// <summary>
/// What an extension of a package needs besides its entry points: the bakery's Upholds= drop-ins for the units it starts
/// on merge, and a tmpfiles.d file (with its /etc seeds) that makes the package's /var folders and configuration on the
/// host when those come from the host.
/// </summary>
public static class PackageExtension
{
    private const uint FileMode = 0x1A4; // 0644

    /// <summary>Adds the drop-ins and the host files to <paramref name="tree"/>.</summary>
    public static PackageExtensionResult AddTo(FileTree tree, FileTree rootfs, PackageEntryPoints? package, PackageExtensionOptions options)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(rootfs);
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> enable = options.NoEnable ? []
            : options.Enable.Count > 0 ? options.Enable
            : package?.MainService is { } main ? [main]
            : [];
        // One drop-in per upholding target: sockets from sockets.target, timers from timers.target, the rest from multi-user.target.
        var dropIns = UpholdsDropIn.RenderAll(options.Name, enable);
        foreach (var (path, text) in dropIns)
        {
            tree.Add(path, TreeNode.CreateFile(MemoryFileContent.FromText(text), FileMode));
        }

        string? tmpfiles = null;
        IReadOnlyList<string> lines = [];
        if (package is not null)
        {
            var plan = HostFilesPlanner.Plan(package.Packages, rootfs, new HostFilesOptions
            {
                Name = options.Name,
                VarFromHost = options.VarFromHost,
                EtcFromHost = options.EtcFromHost,
            });
            if (plan.Text is { } text)
            {
                tmpfiles = plan.TmpfilesPath;
                lines = plan.Lines;
                tree.Add(plan.TmpfilesPath, TreeNode.CreateFile(MemoryFileContent.FromText(text), FileMode));
                foreach (var (target, node) in plan.Seeds)
                {
                    tree.Add(target, CopyFolders(node));
                }
            }
        }

        return new PackageExtensionResult { Enabled = enable, DropIns = [.. dropIns.Select(d => d.Path)], Tmpfiles = tmpfiles, TmpfilesLines = lines };
    }

    /// <summary>
    /// <paramref name="node"/> with its folders copied (the same folder cannot appear twice in an image); files and links
    /// are shared with the image's copy, where the image writer makes them hard links.
    /// </summary>
    private static TreeNode CopyFolders(TreeNode node)
    {
        if (!node.IsDirectory)
        {
            return node;
        }

        var copy = TreeNode.CreateDirectory(node.Mode).CopyAttributesFrom(node);
        foreach (var (name, child) in node.Children)
        {
            copy.SetChild(name, CopyFolders(child));
        }

        return copy;
    }
}
