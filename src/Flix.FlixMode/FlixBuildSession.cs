using System.Text;
using Flix.Core;
using Flix.Core.Tree;
using Flix.Elf;
using Flix.Sysext;
using Flix.Sysext.Entries;
using Flix.Sysext.Units;
using Flix.Sysext.ElfFiles;

namespace Flix.FlixMode;

/// <summary>One run of <see cref="FlixBuilder"/>: places the entries, then resolves and patches (see the other parts).</summary>
internal sealed partial class FlixBuildSession
{
    private const uint AnyExecute = 0x49; // 0111

    /// <summary>Script interpreters every host has; a script using them gets no warning.</summary>
    private static readonly string[] HostInterpreters = ["/bin/sh", "/usr/bin/sh", "/usr/bin/env", "/bin/bash", "/usr/bin/bash"];

    private readonly FileTree _rootfs;
    private readonly FlixOptions _options;
    private readonly CancellationToken _cancellationToken;
    private readonly FileTree _tree = new();
    private readonly List<string> _warnings = [];

    /// <summary>The ELF files copied, in the order met: their target in the extension, their canonical path in the image, the node.</summary>
    private readonly List<CopiedElf> _elfFiles = [];

    /// <summary>Targets placed, with the image file each holds, so that the same file named twice is not an error.</summary>
    private readonly Dictionary<string, string> _placed = new(StringComparer.Ordinal);

    private readonly HashSet<string> _entrySources = new(StringComparer.Ordinal);
    private bool _hasUnits;

    public FlixBuildSession(FileTree rootfs, FlixOptions options, CancellationToken cancellationToken)
    {
        _rootfs = rootfs;
        _options = options;
        _cancellationToken = cancellationToken;
        Sysroot = options.SysrootPath;
    }

    private string Sysroot { get; }

    private string LibraryFolder => Sysroot + "/lib";

    public FlixResult Build()
    {
        var entries = _options.Entries.Count > 0 ? _options.Entries : [FindProgram()];
        foreach (var entry in entries)
        {
            _entrySources.Add(entry.Source);
            _entrySources.Add(entry.Target);
        }

        foreach (var entry in entries)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            Place(entry);
        }

        RewriteUnits();
        return ResolveAndPatch();
    }

    private void Place(EntryPoint entry)
    {
        if (entry.Target == Sysroot || entry.Target.StartsWith(Sysroot + "/", StringComparison.Ordinal)
            || Sysroot.StartsWith(entry.Target + "/", StringComparison.Ordinal))
        {
            throw new FlixException($"The target of the entry point '{entry}' overlaps the sysroot {Sysroot}; give it another target or choose another --sysroot.");
        }

        var (node, canonical, links) = RootfsPathResolver.ResolveEntry(_rootfs, entry.Source);
        switch (node.Kind)
        {
            case EntryKind.Directory:
                CopyDirectory(entry, canonical, node, entry.Target);
                break;
            case EntryKind.RegularFile:
                string target = entry.Target;
                string mapped = EntryPoint.MapToUsr(canonical);
                if (links.Count > 0 && mapped != target && (IsUnder(mapped, "/usr") || IsUnder(mapped, "/opt"))
                    && !IsUnder(mapped, Sysroot) && mapped != Sysroot)
                {
                    // Keep the link: the file goes where its target maps to, the entry becomes a link to it, so that a
                    // program that looks at argv[0] (or the next one naming the same file) sees what the image had.
                    PlaceNode(entry, target, canonical, TreeNode.CreateSymlink(LinkText(target, mapped)));
                    target = mapped;
                }

                PlaceFile(entry, target, canonical, node);
                break;
            default:
                throw new FlixException($"The entry point '{entry.Source}' is a {LayoutChecker.Describe(node)}; name a program, a file or a folder.");
        }
    }

    /// <summary>A link at <paramref name="from"/> to <paramref name="to"/>: relative within one folder, else absolute.</summary>
    private static string LinkText(string from, string to) =>
        Path.GetDirectoryName(from) == Path.GetDirectoryName(to) ? Path.GetFileName(to) : to;

    private void PlaceFile(EntryPoint entry, string target, string canonical, TreeNode node)
    {
        if (_placed.TryGetValue(target, out var already) && already == canonical)
        {
            return;
        }

        if (UnitFileRewriter.IsUnitFileName(Path.GetFileName(target)))
        {
            _hasUnits = true;
        }

        NoteUnitFile(target);

        if (ElfNodeReader.StartsWithElfMagic(node))
        {
            PlaceNode(entry, target, canonical, node);
            _elfFiles.Add(new CopiedElf(target, canonical, node));
            return;
        }

        if ((node.Mode & AnyExecute) != 0)
        {
            CheckScript(entry, target, node);
        }

        PlaceNode(entry, target, canonical, node);
    }

    private void PlaceNode(EntryPoint entry, string target, string canonical, TreeNode node)
    {
        if (_placed.TryGetValue(target, out var other) && other != canonical)
        {
            throw new FlixException($"Two entry points go to {target} ({other} and {canonical}); give one of them another target with SRC:TARGET.");
        }

        try
        {
            _tree.Add(target, node);
        }
        catch (InvalidOperationException e)
        {
            throw new FlixException($"The entry point '{entry}' cannot go to {target}: {e.Message}", e);
        }

        _placed[target] = canonical;
    }

    /// <summary>Copies a folder whole, as a resource; the ELF files in it are patched like any other.</summary>
    private void CopyDirectory(EntryPoint entry, string canonical, TreeNode directory, string target)
    {
        var copy = TreeNode.CreateDirectory(directory.Mode).CopyAttributesFrom(directory);
        PlaceNode(entry, target, canonical, copy);
        var leftOut = new List<string>();
        CopyChildren(directory, copy, canonical, target, skip: null, leftOut);
        if (leftOut.Count > 0)
        {
            const int Named = 5;
            _warnings.Add($"Left out {leftOut.Count} device node(s), FIFO(s) or socket(s) of the folder {entry.Source}: {string.Join(", ", leftOut.Take(Named))}"
                + (leftOut.Count > Named ? ", …" : string.Empty) + " (a device node in /usr would open the device to whoever reads the merged tree).");
        }
    }

    /// <summary>Copies the children of a folder; device nodes, FIFOs and sockets are left out and listed in <paramref name="leftOut"/>.</summary>
    private void CopyChildren(TreeNode source, TreeNode destination, string imagePath, string targetPath, Func<string, bool>? skip, List<string> leftOut)
    {
        foreach (var (name, child) in source.Children)
        {
            if (skip?.Invoke(name) == true)
            {
                continue;
            }

            string childImage = imagePath + "/" + name;
            string childTarget = targetPath + "/" + name;
            if (child.IsDirectory)
            {
                var copy = TreeNode.CreateDirectory(child.Mode).CopyAttributesFrom(child);
                destination.SetChild(name, copy);
                CopyChildren(child, copy, childImage, childTarget, skip, leftOut);
            }
            else
            {
                RequireUnitFileKind(childTarget, childImage, child);
                if (child.Kind is EntryKind.CharacterDevice or EntryKind.BlockDevice or EntryKind.Fifo or EntryKind.Socket)
                {
                    leftOut.Add(childImage);
                    continue;
                }

                destination.SetChild(name, child);
                if (child.Kind == EntryKind.RegularFile && UnitFileRewriter.IsUnitFileName(name) && childTarget.Contains("/systemd/", StringComparison.Ordinal))
                {
                    _hasUnits = true;
                }

                if (child.Kind == EntryKind.RegularFile)
                {
                    NoteUnitFile(childTarget);
                }

                if (ElfNodeReader.StartsWithElfMagic(child))
                {
                    _elfFiles.Add(new CopiedElf(childTarget, childImage, child));
                }
            }
        }
    }

    /// <summary>Warns when a script's #! interpreter is a program of the image that is not copied: the host's would run it.</summary>
    private void CheckScript(EntryPoint entry, string target, TreeNode node)
    {
        Span<byte> head = stackalloc byte[256];
        int length;
        using (var stream = node.Content!.OpenRead())
        {
            length = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        if (length < 3 || head[0] != '#' || head[1] != '!')
        {
            return;
        }

        string line = Encoding.UTF8.GetString(head[2..length]);
        int end = line.IndexOf('\n', StringComparison.Ordinal);
        string[] words = (end < 0 ? line : line[..end]).Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0 || !words[0].StartsWith('/'))
        {
            return;
        }

        string interpreter = words[0];
        if (HostInterpreters.Contains(interpreter, StringComparer.Ordinal) || _entrySources.Contains(interpreter)
            || _entrySources.Contains(EntryPoint.MapToUsr(interpreter)))
        {
            return;
        }

        if (RootfsPathResolver.Resolve(_rootfs, interpreter, followLast: true) is not null)
        {
            _warnings.Add($"The script {target} (from {entry.Source}) runs {interpreter}, which the image has but the extension does not: "
                + $"the host's {interpreter}, if any, will run it. List {interpreter} too to ship the image's.");
        }
    }

    /// <summary>The entry point for the program named like the extension, from the usual program folders.</summary>
    private EntryPoint FindProgram() =>
        EntryPoint.Parse(RootfsPathResolver.FindProgram(_rootfs, _options.Name) ?? throw new FlixException(
            $"No path given and the image has no program '{_options.Name}' in {string.Join(", ", RootfsPathResolver.ProgramFolders)}; name the paths to copy "
            + "(PATH or SRC:TARGET)."));

    private static bool IsUnder(string path, string folder) => path.StartsWith(folder + "/", StringComparison.Ordinal);

    /// <summary>An ELF file copied into the extension.</summary>
    private sealed record CopiedElf(string Target, string ImagePath, TreeNode Node);
}
