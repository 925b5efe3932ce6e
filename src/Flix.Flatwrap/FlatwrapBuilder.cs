using System.Text;
using Flix.Core;
using Flix.Core.Tree;
using Flix.Sysext;
using Flix.Sysext.Entries;
using Flix.Sysext.Units;

namespace Flix.Flatwrap;

/// <summary>
/// Makes a Flatwrap extension from an image's tree: the whole rootfs goes to /usr/local/NAME (the contents of
/// /proc, /sys and /dev left out), the helper and the mount point of the private root to /usr/lib/flatwrap/NAME,
/// and each entry point becomes a wrapper (an executable file), a symlink into the copy (folders, other files) or a
/// rewritten copy (a systemd unit, whose command lines then run the wrappers).
/// </summary>
public static class FlatwrapBuilder
{
    private const uint ExecutableMode = 0x1ED; // 0755
    private const uint FileMode = 0x1A4; // 0644
    private const uint AnyExecute = 0x49; // 0111

    /// <summary>Folders whose contents belong to the running system, never to the image.</summary>
    private static readonly string[] EmptiedFolders = ["proc", "sys", "dev"];

    /// <summary>The largest unit file read.</summary>
    private const int MaxUnitBytes = 1024 * 1024;

    /// <summary>
    /// Builds the extension tree from <paramref name="rootfs"/> (the image's model, whose files are read from disk
    /// when packed). The model's nodes are shared with the result, not copied.
    /// </summary>
    public static async Task<FlatwrapResult> BuildAsync(FileTree rootfs, FlatwrapOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rootfs);
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        var entries = options.Entries.Count > 0 ? options.Entries : [FindProgram(rootfs, options.Name)];
        var plan = PrivateRootPlan.Create(rootfs, options);
        var warnings = new List<string>(plan.Warnings);
        var tree = new FileTree();
        var copy = CopyRoot(rootfs.Root);
        tree.Add(options.ChrootPath, copy);
        AddMountPoints(new FileTree(copy), plan, warnings);
        tree.Add(options.SupportPath + "/" + FlatwrapLayout.EnterScriptName, Script(EnterScript.Render(options, plan)));
        tree.EnsureDirectory(options.SupportPath + "/" + FlatwrapLayout.MountPointName);

        var built = new List<FlatwrapEntry>();
        var units = new List<(EntryPoint Entry, TreeNode Node, string Path)>();
        var wrappers = new Dictionary<string, string>(StringComparer.Ordinal);
        var targets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            RequireUsableTarget(entry, options, targets);
            var (node, canonical, links) = RootfsPathResolver.ResolveEntry(rootfs, entry.Source);
            if (node.Kind == EntryKind.RegularFile
                && (UnitFileRewriter.IsUnitFileName(Path.GetFileName(entry.Target)) || UnitFileNames.IsDropInPath(entry.Target)))
            {
                units.Add((entry, node, canonical));
                continue;
            }

            // A drop-in folder is shipped as rewritten copies of its *.conf files: a link into the rootfs would leave
            // their command lines pointing at the image's paths, which the host does not have.
            if (node.Kind == EntryKind.Directory && UnitFileNames.IsDropInFolderName(Path.GetFileName(entry.Target)))
            {
                foreach (var name in node.Children.Keys.Where(n => n.EndsWith(".conf", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
                {
                    var dropIn = EntryPoint.Parse($"{entry.Source}/{name}:{entry.Target}/{name}");
                    var (file, fileCanonical, _) = RootfsPathResolver.ResolveEntry(rootfs, dropIn.Source);
                    if (file.Kind == EntryKind.RegularFile)
                    {
                        units.Add((dropIn, file, fileCanonical));
                    }
                }

                continue;
            }

            if (node.Kind == EntryKind.RegularFile && (node.Mode & AnyExecute) != 0)
            {
                string program = ProgramPath(entry.Source, canonical, links, plan, options);
                Add(tree, entry, Script(WrapperScript.Render(options, plan, program)));
                wrappers[canonical] = entry.Target;
                wrappers.TryAdd(entry.Source, entry.Target);
                built.Add(new FlatwrapEntry(entry, FlatwrapEntryKind.Wrapper, program));
            }
            else if (node.Kind is EntryKind.RegularFile or EntryKind.Directory)
            {
                string target = options.ChrootPath + canonical;
                Add(tree, entry, TreeNode.CreateSymlink(target));
                built.Add(new FlatwrapEntry(entry, FlatwrapEntryKind.Symlink, target));
            }
            else
            {
                throw new FlixException($"The entry point '{entry.Source}' is a {LayoutChecker.Describe(node)}; name a program, a file or a folder.");
            }
        }

        foreach (var (entry, node, canonical) in units)
        {
            string text = await ReadTextAsync(node, entry.Source, cancellationToken).ConfigureAwait(false);
            var rewrite = UnitProgramRewriter.Rewrite(text, program => WrapperFor(rootfs, wrappers, program));
            string rewritten = rewrite.Text;
            foreach (var unwrapped in rewrite.Unshipped)
            {
                warnings.Add($"The unit {entry.Target} runs {unwrapped.Program} ({unwrapped.Setting}= on line {unwrapped.Line}), which is no entry point: it runs from the host as it is.");
            }

            var file = TreeNode.CreateFile(MemoryFileContent.FromText(rewritten), FileMode);
            file.ModificationTime = node.ModificationTime;
            Add(tree, entry, file);
            built.Add(new FlatwrapEntry(entry, FlatwrapEntryKind.Unit, canonical));
        }

        return new FlatwrapResult { Tree = tree, Entries = built, Plan = plan, Warnings = warnings };
    }

    /// <summary>The entry point for the program named like the extension, from the usual program folders.</summary>
    private static EntryPoint FindProgram(FileTree rootfs, string name) =>
        EntryPoint.Parse(RootfsPathResolver.FindProgram(rootfs, name) ?? throw new FlixException(
            $"No entry point given and the image has no program '{name}' in {string.Join(", ", RootfsPathResolver.ProgramFolders)}; name the entry points "
            + "(PATH or SRC:TARGET). Finding them from the image's package database is not supported yet."));

    /// <summary>
    /// The path the wrapper runs: the entry's own path when it and every link on the way lie in the chroot's
    /// folders (so a program that looks at argv[0] sees its name), else the resolved path, which must lie there.
    /// </summary>
    private static string ProgramPath(string source, string canonical, IReadOnlyList<string> links, PrivateRootPlan plan, FlatwrapOptions options)
    {
        if (InChroot(plan, source) && links.All(link => InChroot(plan, link)))
        {
            return source;
        }

        if (InChroot(plan, canonical))
        {
            return canonical;
        }

        throw new FlixException(
            $"The program '{canonical}' of the entry point '{source}' is outside the chroot folders of the private root "
            + $"({string.Join(' ', options.ChrootFolders())}); add its folder with --chroot-dirs.");
    }

    private static bool InChroot(PrivateRootPlan plan, string path) =>
        plan.Mounts.Any(mount => mount.Kind != RootMountKind.HostFolder
            && (path == mount.Path || path.StartsWith(mount.Path + "/", StringComparison.Ordinal)));

    private static string? WrapperFor(FileTree rootfs, Dictionary<string, string> wrappers, string program)
    {
        if (wrappers.TryGetValue(program, out var direct))
        {
            return direct;
        }

        return program.StartsWith('/')
            && RootfsPathResolver.Resolve(rootfs, program, followLast: true) is { } resolved
            && wrappers.TryGetValue(resolved.Path, out var wrapper)
                ? wrapper
                : null;
    }

    private static void RequireUsableTarget(EntryPoint entry, FlatwrapOptions options, HashSet<string> targets)
    {
        foreach (var reserved in new[] { options.ChrootPath, options.SupportPath })
        {
            if (entry.Target == reserved || entry.Target.StartsWith(reserved + "/", StringComparison.Ordinal)
                || reserved.StartsWith(entry.Target + "/", StringComparison.Ordinal))
            {
                throw new FlixException($"The target of the entry point '{entry}' overlaps {reserved}, where Flatwrap puts the image and its helper.");
            }
        }

        if (!targets.Add(entry.Target))
        {
            throw new FlixException($"Two entry points go to {entry.Target}; give one of them another target with SRC:TARGET.");
        }
    }

    private static void Add(FileTree tree, EntryPoint entry, TreeNode node)
    {
        try
        {
            tree.Add(entry.Target, node);
        }
        catch (InvalidOperationException e)
        {
            throw new FlixException($"The entry point '{entry}' cannot go to {entry.Target}: {e.Message}", e);
        }
    }

    /// <summary>A new root directory like <paramref name="root"/>, sharing its entries but with /proc, /sys and /dev emptied.</summary>
    private static TreeNode CopyRoot(TreeNode root)
    {
        var copy = CopyDirectory(root);
        foreach (var (name, child) in root.Children)
        {
            copy.SetChild(name, EmptiedFolders.Contains(name, StringComparer.Ordinal) && child.IsDirectory ? CopyDirectory(child) : child);
        }

        return copy;
    }

    /// <summary>An empty directory with the attributes of <paramref name="directory"/>.</summary>
    private static TreeNode CopyDirectory(TreeNode directory) => TreeNode.CreateDirectory(directory.Mode).CopyAttributesFrom(directory);

    /// <summary>Makes the folders a host folder is bound on inside a chroot folder (the copy is read-only once merged).</summary>
    private static void AddMountPoints(FileTree chroot, PrivateRootPlan plan, List<string> warnings)
    {
        foreach (var path in plan.MountPointsInChroot())
        {
            var directory = chroot.Root;
            var walked = new StringBuilder();
            foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                walked.Append('/').Append(part);
                var child = directory.GetChild(part);
                if (child is null || !child.IsDirectory)
                {
                    if (child is not null)
                    {
                        warnings.Add($"The image's {walked} is a {LayoutChecker.Describe(child)}; it is replaced by a folder to bind the host's {path} on.");
                    }

                    child = TreeNode.CreateDirectory();
                    child.ModificationTime = directory.ModificationTime;
                    directory.SetChild(part, child);
                }

                directory = child;
            }
        }
    }

    private static TreeNode Script(string text) => TreeNode.CreateFile(MemoryFileContent.FromText(text), ExecutableMode);

    private static async Task<string> ReadTextAsync(TreeNode node, string source, CancellationToken cancellationToken)
    {
        if (node.Content!.Length > MaxUnitBytes)
        {
            throw new FlixException($"The unit '{source}' is larger than {MaxUnitBytes} bytes.");
        }

        var stream = node.Content.OpenRead();
        await using (stream.ConfigureAwait(false))
        {
            using var reader = new StreamReader(stream, new UTF8Encoding(false));
            return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
