using System.Collections.Concurrent;
using Flix.TestSupport.Processes;

namespace Flix.Elf.Tests.Support;

/// <summary>
/// Patches every ELF file of a copied root file system as Flix mode does: the interpreter to the same loader below a
/// long prefix, DT_RUNPATH to the library folders below it, DF_1_NODEFLIB; then checks each result with the reader,
/// with readelf and for idempotence.
/// </summary>
public static class TreePatcher
{
    /// <summary>
    /// What a patch must not disturb: every original loadable segment, TLS, PT_GNU_RELRO, the stack and eh_frame_hdr
    /// segments stay as they were, and each note segment keeps its bytes (wherever it now lies).
    /// </summary>
    private static IEnumerable<string> KeptIntact(ElfFile before, ElfFile after)
    {
        foreach (var segment in before.Segments)
        {
            switch (segment.Type)
            {
                case ElfSegmentType.Load or ElfSegmentType.Tls or ElfSegmentType.GnuRelro or ElfSegmentType.GnuStack or ElfSegmentType.GnuEhFrame:
                    if (!after.Segments.Contains(segment))
                    {
                        yield return $"the {segment.Type} segment at 0x{segment.VirtualAddress:x} changed";
                    }

                    break;
                case ElfSegmentType.Note:
                    var notes = after.Segments.Where(moved => moved.Type == ElfSegmentType.Note && moved.FileSize == segment.FileSize
                        && moved.Alignment == segment.Alignment
                        && after.Bytes.Span.Slice((int)moved.Offset, (int)moved.FileSize).SequenceEqual(before.Bytes.Span.Slice((int)segment.Offset, (int)segment.FileSize)));
                    if (!notes.Any())
                    {
                        yield return $"the note segment at 0x{segment.VirtualAddress:x} lost its contents";
                    }

                    break;
            }
        }

        if (after.Segments.Count(segment => segment.Type == ElfSegmentType.Load) > before.Segments.Count(segment => segment.Type == ElfSegmentType.Load) + 1)
        {
            yield return "more than one loadable segment was added";
        }
    }

    /// <summary>Patches the files of <paramref name="tree"/> (a copy) for running from <paramref name="prefix"/>.</summary>
    /// <returns>One line per problem, empty when every file was patched and reads back right.</returns>
    public static async Task<List<string>> PatchAsync(string tree, string prefix, IReadOnlyList<string> libraryFolders)
    {
        var files = await Fixtures.Rootfs.ElfFilesAsync(tree);
        string libraryPath = string.Join(':', libraryFolders.Select(folder => prefix + folder));
        var problems = new ConcurrentBag<string>();
        int patched = 0;
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (path, _) =>
        {
            string name = path[tree.Length..];
            string? runPath = libraryPath;
            try
            {
                var file = ElfFile.Read(path);
                // As Flix mode: the run path and DF_1_NODEFLIB go on every file that needs libraries. The loader (no
                // DT_NEEDED) is left alone: glibc's ld.so asserts at start that it has no run path.
                bool needsLibraries = file.Needed.Count > 0;
                if (!file.IsDynamic || file.Type is not (ElfType.Executable or ElfType.SharedObject) || !(needsLibraries || file.HasInterpreter))
                {
                    return;
                }

                var patch = new ElfPatch
                {
                    Interpreter = file.HasInterpreter ? prefix + file.Interpreter : null,
                    RunPath = needsLibraries ? runPath : null,
                    SetNoDefaultLib = needsLibraries,
                };
                runPath = needsLibraries ? runPath : file.RunPath;
                byte[] once = file.Patch(patch);
                var result = ElfFile.Parse(once, path);
                if (!result.Patch(patch).AsSpan().SequenceEqual(once))
                {
                    problems.Add($"{name}: patching twice differs from patching once");
                }

                file.PatchTo(patch, path);
                Interlocked.Increment(ref patched);
                if (result.RunPath != runPath || (patch.RunPath is not null && result.RPath is not null) || (patch.SetNoDefaultLib && (result.Flags1 & ElfFile.NoDefaultLibFlag) == 0)
                    || result.Interpreter != patch.Interpreter || !result.Needed.SequenceEqual(file.Needed) || result.Soname != file.Soname)
                {
                    problems.Add($"{name}: reads back interpreter {result.Interpreter}, runpath {result.RunPath}, flags_1 0x{result.Flags1:x}");
                }

                var view = await ReadelfView.ReadAsync(path);
                if (view.Warnings.Length > 0)
                {
                    problems.Add($"{name}: readelf warns: {view.Warnings}");
                }

                if (view.RunPath != runPath || view.Interpreter != patch.Interpreter || (patch.SetNoDefaultLib && !view.Flags1.Contains("NODEFLIB")))
                {
                    problems.Add($"{name}: readelf shows interpreter {view.Interpreter}, runpath {view.RunPath}, flags {string.Join(' ', view.Flags1)}");
                }

                foreach (string problem in view.Compare(result))
                {
                    problems.Add($"{name}: {problem}");
                }

                foreach (string problem in KeptIntact(file, result))
                {
                    problems.Add($"{name}: {problem}");
                }

                var printed = await ProcessRunner.RunAsync("patchelf", ["--print-rpath", path]);
                if (printed.StandardOutput.TrimEnd('\n') != (runPath ?? ""))
                {
                    problems.Add($"{name}: patchelf --print-rpath says '{printed.StandardOutput.Trim()}' {printed.StandardError}");
                }
            }
            catch (Exception exception) when (exception is IOException or NotSupportedException)
            {
                problems.Add($"{name}: {exception.GetType().Name}: {exception.Message}");
            }
        });

        if (patched < 20)
        {
            problems.Add($"only {patched} files were patched in {tree}");
        }

        return [.. problems.Order(StringComparer.Ordinal)];
    }
}
