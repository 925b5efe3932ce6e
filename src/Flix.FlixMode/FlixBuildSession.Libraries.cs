using Flix.Core;
using Flix.Core.Threading;
using Flix.Core.Tree;
using Flix.Elf;
using Flix.Sysext;
using Flix.Sysext.ElfFiles;

namespace Flix.FlixMode;

internal sealed partial class FlixBuildSession
{
    private const string LibcName = "libc.so.6";

    /// <summary>What glibc dlopens by bare name (misc/unwind-link.c, inet/idna.c); libgcc_s is required for pthread_cancel.</summary>
    private const string LibgccName = "libgcc_s.so.1";

    private const string Libidn2Name = "libidn2.so.0";

    /// <summary>The libraries of the sysroot by file name, in the order found.</summary>
    private readonly Dictionary<string, ResolvedLibrary> _libraries = new(StringComparer.Ordinal);
    private readonly List<string> _libraryOrder = [];
    private readonly Queue<(LibraryRequester Requester, ElfFile Elf, string Target)> _pending = new();
    private readonly List<Diagnostic> _unresolved = [];
    private readonly HashSet<string> _conflictsWarned = new(StringComparer.Ordinal);

    /// <summary>The copied ELF files parsed so far (null: not an ELF file Flix can read).</summary>
    private readonly List<(CopiedElf File, ElfFile? Elf)> _parsedCopies = [];

    /// <summary>The copied ELF files to patch, with their parsed file; the others are copied as they are.</summary>
    private readonly List<(CopiedElf File, ElfFile Elf)> _toPatch = [];
    private readonly List<string> _unpatched = [];
    private int _elfFilesSeen;

    private LibraryResolver? _resolver;
    private string? _gconvOriginal;
    private string? _gconvPrivate;

    /// <summary>The image's libc as read to find its gconv folder; redirected to the private one when the sysroot is written.</summary>
    private byte[]? _libcBytes;

    private ImageLoader Loader => _resolver!.Loader;

    private FlixResult ResolveAndPatch()
    {
        var sample = ParseCopied();
        if (sample is null)
        {
            if (_options.ExtraLibraries.Count > 0)
            {
                throw new FlixException("Extra libraries need a dynamic program or library of the image among the paths to copy.");
            }

            // Nothing needs a loader: static programs and data are shipped as they are.
            _unpatched.AddRange(_parsedCopies.Select(item => item.File.Target));
            return Result(null, []);
        }

        _resolver = new LibraryResolver(_rootfs, ImageLoader.Detect(_rootfs, sample, sample.HasInterpreter ? sample.Interpreter : null));
        SelectPatchable(0);
        AddExtraLibraries();
        Drain();
        if (_options.AutoLibraries && Loader.Flavor == LoaderFlavor.Glibc)
        {
            AddGlibcRuntimeLibraries();
            Drain();
            AddGconv();
            Drain();
        }

        if (_unresolved.Count > 0)
        {
            throw new SysextLayoutException(_options.Name, _unresolved);
        }

        WriteSysroot();
        var diagnostics = ClosureChecker.Check(_tree, Loader);
        if (diagnostics.Any(d => d.IsError))
        {
            throw new SysextLayoutException(_options.Name, diagnostics);
        }

        return Result(Loader, diagnostics);
    }

    private FlixResult Result(ImageLoader? loader, IReadOnlyList<Diagnostic> diagnostics) => new()
    {
        Tree = _tree,
        Loader = loader,
        Sysroot = Sysroot,
        PatchedFiles = [.. _toPatch.Select(item => item.File.Target), .. _libraryOrder.Where(IsPatchedLibrary).Select(name => LibraryFolder + "/" + name)],
        UnpatchedElfFiles = _unpatched,
        Libraries = _libraryOrder.ToDictionary(name => name, name => _libraries[name].ImagePath, StringComparer.Ordinal),
        GconvDirectory = _gconvPrivate,
        Warnings = _warnings,
        Diagnostics = diagnostics,
        HasUnits = _hasUnits,
    };

    /// <summary>Parses the copied ELF files not parsed yet; returns the first program with an interpreter, else the first dynamic object.</summary>
    private ElfFile? ParseCopied()
    {
        var files = _elfFiles.Skip(_elfFilesSeen).ToList();
        var parsed = new ElfFile?[files.Count];
        var problems = new string?[files.Count];
        ParallelLoop.For(files.Count, i => parsed[i] = ElfNodeReader.TryRead(files[i].Node, files[i].ImagePath, out problems[i]), _cancellationToken);
        _parsedCopies.AddRange(files.Select((file, i) => (file, parsed[i])));
        foreach (var problem in problems.OfType<string>())
        {
            _warnings.Add($"Copied as it is, not an ELF file Flix can read: {problem}");
        }

        return parsed.FirstOrDefault(elf => elf is { HasInterpreter: true, IsDynamic: true })
            ?? parsed.FirstOrDefault(elf => elf is { IsDynamic: true, Type: ElfType.SharedObject, Needed.Count: > 0 });
    }

    /// <summary>Sorts the parsed copies from <paramref name="start"/> on into patched (their libraries queued) and copied as they are.</summary>
    private void SelectPatchable(int start)
    {
        foreach (var (file, elf) in _parsedCopies.Skip(start))
        {
            // Static programs, static-pie ones included (PT_DYNAMIC for self-relocation, but no interpreter and no
            // dependencies: a new DT_RUNPATH would break their start-up), are copied as they are.
            if (elf is null || !elf.IsDynamic || elf.Machine != Loader.Machine || elf.Class != Loader.Class
                || elf.Type is not (ElfType.Executable or ElfType.SharedObject) || IsLoaderLike(elf) || file.ImagePath == Loader.ImagePath
                || (elf.Needed.Count == 0 && !elf.HasInterpreter))
            {
                _unpatched.Add(file.Target);
                continue;
            }

            if (elf.HasInterpreter && elf.Interpreter is { } interpreter
                && RootfsPathResolver.Resolve(_rootfs, interpreter, followLast: true)?.Path is var loaderPath && loaderPath != Loader.ImagePath)
            {
                throw new FlixException(
                    $"'{file.ImagePath}' uses the loader '{interpreter}'{(loaderPath is null ? " (not in the image)" : string.Empty)}, the other programs {Loader.Interpreter}; "
                    + "one extension holds one loader, so copy them into separate extensions.");
            }

            _toPatch.Add((file, elf));
            _pending.Enqueue((LibraryRequester.For(file.ImagePath, elf), elf, file.Target));
        }

        _elfFilesSeen = _elfFiles.Count;
    }

    /// <summary>A dynamic loader: no dependencies, no interpreter, a loader's soname (ld-linux*, ld64*, musl's libc.so).</summary>
    private static bool IsLoaderLike(ElfFile elf) =>
        elf.Needed.Count == 0 && !elf.HasInterpreter && elf.Soname is { } soname
        && (soname.StartsWith("ld-", StringComparison.Ordinal) || soname.StartsWith("ld64.", StringComparison.Ordinal) || soname == "libc.so");

    private void AddExtraLibraries()
    {
        foreach (var library in _options.ExtraLibraries)
        {
            ResolvedLibrary found;
            if (library.StartsWith('/'))
            {
                string name = Path.GetFileName(library);
                found = _resolver!.TryCandidate(name, Path.GetDirectoryName(library) ?? "/", library)
                    ?? throw new FlixException($"The extra library '{library}' is not in the image, or not a {Loader.Machine} library.");
            }
            else
            {
                found = _resolver!.Resolve(library, SystemRequester())
                    ?? throw new FlixException($"The extra library '{library}' is in none of the image's library folders ({string.Join(':', _resolver.SearchFolders(SystemRequester()))}).");
            }

            AddLibrary(found.Name, found, null, "--extra-lib");
        }
    }

    /// <summary>The object glibc's own dlopens are made for: libc.so.6 when copied, else a program without run paths.</summary>
    private LibraryRequester SystemRequester() =>
        _libraries.TryGetValue(LibcName, out var libc)
            ? LibraryRequester.For(libc.ImagePath, libc.Elf)
            : new LibraryRequester("/", null, null, false, null);

    /// <summary>libgcc_s (always), libidn2 (when present) and every NSS module of the image's library folders.</summary>
    private void AddGlibcRuntimeLibraries()
    {
        var requester = SystemRequester();
        if (_resolver!.Resolve(LibgccName, requester) is { } libgcc)
        {
            AddLibrary(LibgccName, libgcc, requester, "glibc");
        }
        else
        {
            _warnings.Add($"The image has no {LibgccName}: programs that cancel threads will abort on the host.");
        }

        if (_resolver.Resolve(Libidn2Name, requester) is { } idn)
        {
            AddLibrary(Libidn2Name, idn, requester, "glibc");
        }

        foreach (var folder in Loader.ConfiguredDirectories.Concat(Loader.DefaultDirectories))
        {
            if (RootfsPathResolver.Resolve(_rootfs, folder, followLast: true) is not { Node.IsDirectory: true } directory)
            {
                continue;
            }

            foreach (var name in directory.Node.Children.Keys.Order(StringComparer.Ordinal))
            {
                if (name.StartsWith("libnss_", StringComparison.Ordinal) && name.EndsWith(".so.2", StringComparison.Ordinal)
                    && !_libraries.ContainsKey(name) && _resolver.TryCandidate(name, folder, folder + "/" + name) is { } module)
                {
                    AddLibrary(name, module, requester, "glibc");
                }
            }
        }
    }

    /// <summary>Copies the image's gconv folder to the sysroot (without its cache, which names the old folder) and notes libc's strings to point there.</summary>
    private void AddGconv()
    {
        if (!_libraries.TryGetValue(LibcName, out var libc))
        {
            return;
        }

        var candidates = Loader.DefaultDirectories.Concat(Loader.ConfiguredDirectories).Where(d => d.StartsWith("/usr/", StringComparison.Ordinal))
            .Concat(Loader.DefaultDirectories).Select(d => d.TrimEnd('/') + "/gconv").Distinct(StringComparer.Ordinal);
        _libcBytes = ElfNodeReader.ReadAllBytes(libc.Node, libc.ImagePath);
        string? original = LoaderPatcher.FindGconvDirectory(_libcBytes, candidates);
        if (original is null)
        {
            _warnings.Add($"The image's {LibcName} names no gconv folder Flix knows; iconv offers only its built-in conversions on the host.");
            return;
        }

        if (RootfsPathResolver.Resolve(_rootfs, original, followLast: true) is not { Node.IsDirectory: true } gconv)
        {
            _warnings.Add($"The image has no {original}; iconv offers only its built-in conversions on the host.");
            return;
        }

        _gconvPrivate = LoaderPatcher.PrivateGconvDirectory(Sysroot, original)
            ?? throw new FlixException($"The sysroot {Sysroot} is too long for libc's gconv folder string ({original}); choose a shorter --sysroot or use --no-auto-libs.");
        _gconvOriginal = original;
        var copy = TreeNode.CreateDirectory(gconv.Node.Mode).CopyAttributesFrom(gconv.Node);
        _tree.Add(_gconvPrivate, copy);
        int start = _parsedCopies.Count;
        CopyChildren(gconv.Node, copy, gconv.Path, _gconvPrivate, name => name == LoaderPatcher.GconvCacheName, leftOut: []);
        ParseCopied();
        SelectPatchable(start);
    }

    /// <summary>Resolves the dependencies of everything queued, and theirs, until nothing new is found.</summary>
    private void Drain()
    {
        while (_pending.TryDequeue(out var item))
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var (requester, elf, target) = item;
            foreach (var needed in elf.Needed)
            {
                if (LoadableName.Problem(needed) is { } problem)
                {
                    _unresolved.Add(new Diagnostic(DiagnosticSeverity.Error, DiagnosticIds.UnresolvedInImage, target,
                        $"its DT_NEEDED '{needed}' is {problem}: no loader can load that (in {requester.ImagePath})."));
                    continue;
                }

                if (Loader.ProvidesItself(needed))
                {
                    continue;
                }

                if (_resolver!.Resolve(needed, requester) is { } found)
                {
                    AddLibrary(LoadableName.FileName(needed), found, requester, target);
                }
                else
                {
                    _unresolved.Add(new Diagnostic(DiagnosticSeverity.Error, DiagnosticIds.UnresolvedInImage, target,
                        $"it needs '{needed}', which the image's loader would not find either (from {requester.ImagePath}; searched {string.Join(':', _resolver.SearchFolders(requester).Distinct())})."));
                }
            }
        }
    }

    private void AddLibrary(string name, ResolvedLibrary found, LibraryRequester? loadedBy, string neededBy)
    {
        if (_libraries.TryGetValue(name, out var known))
        {
            if (known.ImagePath != found.ImagePath && _conflictsWarned.Add(name))
            {
                _warnings.Add($"{name} is {known.ImagePath} for some files and {found.ImagePath} for {neededBy}; the extension ships the first.");
            }

            return;
        }

        _libraries[name] = found;
        _libraryOrder.Add(name);
        if (found.ImagePath != Loader.ImagePath)
        {
            _pending.Enqueue((LibraryRequester.For(found.ImagePath, found.Elf, loadedBy), found.Elf, LibraryFolder + "/" + name));
        }
    }

    private bool IsPatchedLibrary(string name) => _libraries[name].ImagePath != Loader.ImagePath;
}
