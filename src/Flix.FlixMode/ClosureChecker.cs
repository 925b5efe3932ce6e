using Flix.Core;
using Flix.Core.Threading;
using Flix.Core.Tree;
using Flix.Elf;
using Flix.Sysext;
using Flix.Sysext.ElfFiles;

namespace Flix.FlixMode;

/// <summary>
/// Proves an extension tree self-contained: every DT_NEEDED of every ELF file (of the image's machine) resolves to a
/// file inside the tree through the object's own run path, every interpreter is inside the tree, and (glibc) every
/// object with dependencies carries DF_1_NODEFLIB. Collects every problem instead of stopping at the first.
/// </summary>
public static class ClosureChecker
{
    /// <summary>Checks <paramref name="tree"/> for programs of <paramref name="loader"/>; returns the findings, errors first.</summary>
    public static IReadOnlyList<Diagnostic> Check(FileTree tree, ImageLoader loader)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(loader);
        var files = tree.Walk().Where(item => item.Node.Kind == EntryKind.RegularFile && ElfNodeReader.StartsWithElfMagic(item.Node)).ToList();
        var found = new List<Diagnostic>[files.Count];
        ParallelLoop.For(files.Count, i => found[i] = CheckFile(tree, loader, "/" + files[i].Path.TrimStart('/'), files[i].Node));
        return found.SelectMany(list => list).OrderBy(d => d.IsError ? 0 : 1).ThenBy(d => d.Path, StringComparer.Ordinal).ToList();
    }

    private static List<Diagnostic> CheckFile(FileTree tree, ImageLoader loader, string path, TreeNode node)
    {
        var diagnostics = new List<Diagnostic>();
        var elf = ElfNodeReader.TryRead(node, path, out _);
        if (elf is null || elf.Machine != loader.Machine || elf.Class != loader.Class || elf.Type is not (ElfType.Executable or ElfType.SharedObject))
        {
            return diagnostics;
        }

        if (elf.HasInterpreter && elf.Interpreter is { } interpreter && !IsFile(tree, interpreter))
        {
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, DiagnosticIds.MissingInterpreter, path,
                $"its interpreter '{interpreter}' is not in the extension."));
        }

        if (!elf.IsDynamic || elf.Needed.Count == 0)
        {
            return diagnostics;
        }

        if (loader.Flavor == LoaderFlavor.Glibc && (elf.Flags1 & ElfFile.NoDefaultLibFlag) == 0)
        {
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, DiagnosticIds.MissingNoDefaultLib, path,
                "it has dependencies but no DF_1_NODEFLIB, so the host's library folders could serve them."));
        }

        string origin = path[..Math.Max(1, path.LastIndexOf('/'))];
        var folders = SearchPathExpander.Expand(elf.RunPath ?? elf.RPath, origin, loader);
        foreach (var needed in elf.Needed)
        {
            if (LoadableName.Problem(needed) is { } problem)
            {
                diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, DiagnosticIds.MissingLibrary, path,
                    $"its DT_NEEDED '{needed}' is {problem}: no loader can load that."));
                continue;
            }

            if (loader.ProvidesItself(needed))
            {
                continue;
            }

            bool resolved = needed.Contains('/', StringComparison.Ordinal)
                ? IsFile(tree, needed)
                : folders.Any(folder => IsFile(tree, folder.TrimEnd('/') + "/" + needed));
            if (!resolved)
            {
                diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, DiagnosticIds.MissingLibrary, path,
                    folders.Count == 0
                        ? $"it needs '{needed}', and it has no run path into the extension."
                        : $"it needs '{needed}', which is in none of its run path folders in the extension ({string.Join(':', folders)})."));
            }
        }

        return diagnostics;
    }

    /// <summary>Whether <paramref name="path"/> is a file in the tree; a link loop on the way is not (the loader gets ELOOP).</summary>
    private static bool IsFile(FileTree tree, string path)
    {
        try
        {
            return RootfsPathResolver.Resolve(tree, path, followLast: true) is { Node.Kind: EntryKind.RegularFile };
        }
        catch (FlixException)
        {
            return false;
        }
    }
}
