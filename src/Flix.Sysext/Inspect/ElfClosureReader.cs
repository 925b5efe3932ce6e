using Flix.Core.Tree;
using Flix.Elf;
using Flix.Sysext.ElfFiles;

namespace Flix.Sysext.Inspect;

/// <summary>
/// The ELF closure of an extension as the host's loader would see it once merged: for every ELF program and
/// library, its interpreter and each DT_NEEDED resolved inside the image through the object's RUNPATH (or RPATH),
/// with <c>$ORIGIN</c>, <c>$LIB</c> and <c>$PLATFORM</c> expanded, then the default folders unless DF_1_NODEFLIB.
/// Paths are looked up as on a merged-/usr host: /lib, /lib64, /bin and /sbin lead into /usr. What the image does
/// not hold is reported, and is an error where the host cannot stand in (no default folders, or a private loader).
/// </summary>
public static class ElfClosureReader
{
    /// <summary>ELF files larger than this are not parsed (none of a sysext comes near; bounds memory).</summary>
    public const long MaxElfSize = 512L * 1024 * 1024;

    private static readonly string[] MergedUsrFolders = ["/lib/", "/lib64/", "/lib32/", "/libx32/", "/bin/", "/sbin/"];

    private static readonly string[] MuslReserved = ["c", "pthread", "rt", "m", "dl", "util", "xnet"];

    /// <summary>Every ELF file of <paramref name="tree"/> with its closure, in path order, and the problems found.</summary>
    public static (IReadOnlyList<ElfObjectReport> Objects, IReadOnlyList<Diagnostic> Diagnostics) Read(FileTree tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        var diagnostics = new List<Diagnostic>();
        var parsed = new Dictionary<string, ElfFile>(StringComparer.Ordinal);
        foreach (var (path, node) in tree.Walk())
        {
            if (node.Kind != EntryKind.RegularFile || node.Size > MaxElfSize || !ElfNodeReader.StartsWithElfMagic(node))
            {
                continue;
            }

            try
            {
                parsed["/" + path] = ElfFile.Parse(ElfNodeReader.ReadMemory(node, path), path);
            }
            catch (ElfFormatException e)
            {
                diagnostics.Add(new Diagnostic(DiagnosticSeverity.Warning, DiagnosticIds.MalformedElf, path, $"starts like an ELF file but cannot be read: {e.Message}"));
            }
        }

        var objects = new List<ElfObjectReport>();
        foreach (var (path, elf) in parsed)
        {
            if (elf.Type is not (ElfType.Executable or ElfType.SharedObject))
            {
                continue;
            }

            var report = Describe(tree, parsed, path, elf);
            objects.Add(report);
            // What a plain extension leaves to the host (libc…) is in the report, not a finding.
            foreach (var missing in report.Needed.Where(n => !n.IsResolved && report.IsSelfContained))
            {
                diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, DiagnosticIds.UnresolvedLibrary, report.Path,
                    $"needs {missing.Name}, which is not in the image, and {(report.NoDefaultLib ? "DF_1_NODEFLIB keeps the loader out of the host's folders" : $"its loader {report.Interpreter} is the image's own")}: it cannot start."));
            }
        }

        return (objects, diagnostics);
    }

    private static ElfObjectReport Describe(FileTree tree, Dictionary<string, ElfFile> parsed, string path, ElfFile elf)
    {
        string origin = path[..path.LastIndexOf('/')];
        bool musl = elf.Interpreter is { } interp && Path.GetFileName(interp).StartsWith("ld-musl-", StringComparison.Ordinal);
        string? triplet = MultiarchTriplet(elf);
        string libToken = triplet is not null && Find(tree, "/usr/lib/" + triplet) is { IsDirectory: true } ? "lib/" + triplet
            : elf.Class == ElfClass.Elf64 ? "lib64" : "lib";
        var folders = new List<string>(Expand(elf.RunPath ?? elf.RPath, origin, libToken, PlatformOf(elf), musl));
        bool noDefaultLib = (elf.Flags1 & ElfFile.NoDefaultLibFlag) != 0;
        if (!noDefaultLib)
        {
            folders.AddRange(musl ? ["/lib", "/usr/local/lib", "/usr/lib"]
                : triplet is not null ? ["/lib/" + triplet, "/usr/lib/" + triplet, "/lib64", "/usr/lib64", "/lib", "/usr/lib"]
                : ["/lib64", "/usr/lib64", "/lib", "/usr/lib"]);
        }

        string? interpreterInImage = elf.Interpreter is { } interpreter ? ResolveFile(tree, interpreter) : null;
        var needed = elf.Needed.Select(name =>
        {
            if (musl && IsMuslReserved(name))
            {
                return new ElfNeededLibrary { Name = name, ProvidedByLoader = true };
            }

            var candidates = name.Contains('/', StringComparison.Ordinal) ? [name] : folders.Select(folder => folder.TrimEnd('/') + "/" + name);
            string? resolved = candidates.Select(candidate => ResolveFile(tree, candidate))
                .FirstOrDefault(found => found is not null && (!parsed.TryGetValue(found, out var library) || Loadable(elf, library)));
            return new ElfNeededLibrary { Name = name, ResolvedPath = resolved };
        }).ToList();

        return new ElfObjectReport
        {
            Path = path.TrimStart('/'),
            Machine = elf.Machine switch { ElfMachine.X86_64 => "x86-64", ElfMachine.AArch64 => "arm64", var other => other.ToString() },
            Bits = elf.Class == ElfClass.Elf64 ? 64 : 32,
            Kind = elf.HasInterpreter ? "program" : elf.Type == ElfType.Executable ? "static-program" : "library",
            Interpreter = elf.Interpreter,
            InterpreterInImage = interpreterInImage,
            RunPath = elf.RunPath,
            RPath = elf.RPath,
            NoDefaultLib = noDefaultLib,
            Needed = needed,
        };
    }

    /// <summary>glibc skips candidates of another class or machine; so does this.</summary>
    private static bool Loadable(ElfFile requester, ElfFile library) =>
        library.Class == requester.Class && library.Machine == requester.Machine && library.Type == ElfType.SharedObject;

    /// <summary>
    /// The absolute folders a run path names; glibc drops an element with an unknown token, musl (which knows only
    /// $ORIGIN) the whole value.
    /// </summary>
    private static IEnumerable<string> Expand(string? value, string origin, string libToken, string platform, bool musl)
    {
        var folders = new List<string>();
        foreach (var element in (value ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var tokens = new Dictionary<string, string>(StringComparer.Ordinal) { ["ORIGIN"] = origin };
            if (!musl)
            {
                tokens["LIB"] = libToken;
                tokens["PLATFORM"] = platform;
            }

            string expanded = tokens.Aggregate(element, (text, token) =>
                text.Replace("${" + token.Key + "}", token.Value, StringComparison.Ordinal).Replace("$" + token.Key, token.Value, StringComparison.Ordinal));
            if (expanded.Contains('$', StringComparison.Ordinal))
            {
                if (musl)
                {
                    return [];
                }
            }
            else if (expanded.StartsWith('/'))
            {
                folders.Add(expanded);
            }
        }

        return folders;
    }

    /// <summary>The image path a host path leads to once merged (a file, links followed), or null.</summary>
    private static string? ResolveFile(FileTree tree, string hostPath)
    {
        foreach (var candidate in MergedUsrFolders.Any(f => hostPath.StartsWith(f, StringComparison.Ordinal)) ? [hostPath, "/usr" + hostPath] : new[] { hostPath })
        {
            if (RootfsPathResolver.Resolve(tree, candidate, followLast: true) is { Node.Kind: EntryKind.RegularFile } found)
            {
                return "/" + found.Path.TrimStart('/');
            }
        }

        return null;
    }

    private static TreeNode? Find(FileTree tree, string path) => RootfsPathResolver.Resolve(tree, path, followLast: true)?.Node;

    private static bool IsMuslReserved(string name)
    {
        int dot = name.IndexOf('.', StringComparison.Ordinal);
        return name.StartsWith("lib", StringComparison.Ordinal) && dot > 3 && MuslReserved.Contains(name[3..dot], StringComparer.Ordinal);
    }

    private static string? MultiarchTriplet(ElfFile elf) => elf.Machine switch
    {
        ElfMachine.X86_64 => "x86_64-linux-gnu",
        ElfMachine.AArch64 => "aarch64-linux-gnu",
        ElfMachine.I386 => "i386-linux-gnu",
        ElfMachine.Arm => "arm-linux-gnueabihf",
        _ => null,
    };

    private static string PlatformOf(ElfFile elf) => elf.Machine switch
    {
        ElfMachine.X86_64 => "x86_64",
        ElfMachine.AArch64 => "aarch64",
        ElfMachine.I386 => "i686",
        _ => elf.Machine.ToString().ToLowerInvariant(),
    };
}
