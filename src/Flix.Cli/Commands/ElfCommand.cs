using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.Json;
using Flix.Core.Interop;
using Flix.Elf;

namespace Flix.Cli.Commands;

/// <summary><c>flix elf FILE...</c>: show the dynamic-linking facts of ELF files, or patch them in place.</summary>
public sealed class ElfCommand : Command
{
    public ElfCommand()
        : base("elf", "Show the interpreter, needed libraries, soname, rpath, runpath and flags of ELF files; with a set or remove option, patch each file in place (atomically).")
    {
        Arguments.Add(FilesArgument);
        Options.Add(InterpreterOption);
        Options.Add(RunPathOption);
        Options.Add(RPathOption);
        Options.Add(RemoveRunPathOption);
        Options.Add(RemoveRPathOption);
        Options.Add(NoDefaultLibOption);
        Options.Add(JsonOption);
        Validators.Add(Validate);
        SetAction((parseResult, cancellationToken) => RunAsync(parseResult, cancellationToken));
    }

    public Argument<string[]> FilesArgument { get; } = new("files")
    {
        Description = "The ELF executables and libraries.",
        Arity = ArgumentArity.OneOrMore,
    };

    public Option<string> InterpreterOption { get; } = new("--set-interpreter")
    {
        Description = "Set the program interpreter (PT_INTERP) of files that have one.",
        HelpName = "path",
    };

    public Option<string> RunPathOption { get; } = new("--set-runpath")
    {
        Description = "Set DT_RUNPATH (an existing DT_RPATH becomes the DT_RUNPATH).",
        HelpName = "dirs",
    };

    public Option<string> RPathOption { get; } = new("--set-rpath")
    {
        Description = "Set DT_RPATH (an existing DT_RUNPATH becomes the DT_RPATH).",
        HelpName = "dirs",
    };

    public Option<bool> RemoveRunPathOption { get; } = new("--remove-runpath")
    {
        Description = "Remove DT_RUNPATH.",
    };

    public Option<bool> RemoveRPathOption { get; } = new("--remove-rpath")
    {
        Description = "Remove DT_RPATH.",
    };

    public Option<bool> NoDefaultLibOption { get; } = new("--no-default-lib")
    {
        Description = "Set DF_1_NODEFLIB: the loader never searches its default library folders for the file's dependencies.",
    };

    public Option<bool> JsonOption { get; } = new("--json")
    {
        Description = "Print the facts (after patching) of every file as a JSON array on standard output.",
    };

    /// <summary>Maps the command line to the patch it asks for (empty when it only shows facts).</summary>
    public ElfPatch CreatePatch(CommandResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new ElfPatch
        {
            Interpreter = result.GetValue(InterpreterOption),
            RunPath = result.GetValue(RunPathOption),
            RPath = result.GetValue(RPathOption),
            RemoveRunPath = result.GetValue(RemoveRunPathOption),
            RemoveRPath = result.GetValue(RemoveRPathOption),
            SetNoDefaultLib = result.GetValue(NoDefaultLibOption),
        };
    }

    private void Validate(CommandResult result)
    {
        if (result.GetValue(FilesArgument) is { } files && files.Any(file => file.Length == 0))
        {
            result.AddError("A file path must not be empty.");
        }

        try
        {
            CreatePatch(result).Validate();
        }
        catch (ArgumentException exception)
        {
            result.AddError(exception.Message);
        }
    }

    private async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        string[] files = parseResult.GetValue(FilesArgument) ?? [];
        var patch = CreatePatch(parseResult.CommandResult);
        var reports = new ElfReport[files.Length];
        bool json = parseResult.GetValue(JsonOption);

        // Reading and patching use every core.
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        // Parallel.For runs on this thread too: the work is synchronous file I/O and parsing.
        Parallel.For(0, files.Length, parallel, index => reports[index] = Process(files[index], patch, json));

        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize<IReadOnlyList<ElfReport>>(reports, ElfReportJsonContext.Default.IReadOnlyListElfReport))
                .ConfigureAwait(false);
        }
        else if (patch.IsEmpty)
        {
            await output.WriteAsync(string.Concat(reports.Select(report => report.ToText()))).ConfigureAwait(false);
        }

        int failures = 0;
        foreach (var report in reports.Where(report => !report.Success))
        {
            failures++;
            await error.WriteLineAsync($"flix: error: {report.Error}").ConfigureAwait(false);
        }

        return failures == 0 ? ExitCodes.Success : ExitCodes.Failure;
    }

    /// <summary>Reads one file and, when the patch asks for anything, patches it in place; failures become reports.</summary>
    private static ElfReport Process(string path, ElfPatch patch, bool describePatched)
    {
        try
        {
            // A fifo or a device would block or never end a whole read: only regular files (or links to them) are read.
            if (Libc.Statx(Libc.AtFdCwd, path, 0, Libc.StatxBasicStats, out var stat) == 0 && (stat.Mode & Libc.FileTypeMask) != Libc.FileTypeRegular)
            {
                return ElfReport.Failed(path, $"'{path}' is not a regular file.");
            }

            var file = ElfFile.Read(path);
            if (patch.IsEmpty)
            {
                return ElfReport.Describe(file);
            }

            var applicable = patch with
            {
                Interpreter = file.HasInterpreter ? patch.Interpreter : null,
            };
            // Each file is replaced atomically (temporary file + rename) but not flushed to disk one by one, as an
            // in-place editor such as patchelf or sed -i leaves that to the kernel's write-back.
            bool changed = !applicable.IsEmpty && file.PatchTo(applicable, path, flushToDisk: false);
            return changed && describePatched ? ElfReport.Describe(ElfFile.Read(path), changed) : ElfReport.Describe(file, changed);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return ElfReport.Failed(path, exception.Message);
        }
    }
}
