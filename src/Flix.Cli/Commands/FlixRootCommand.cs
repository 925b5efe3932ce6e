using System.CommandLine;
using System.CommandLine.Parsing;
using Flix.FlixMode;
using Flix.Pipeline.Builders;

namespace Flix.Cli.Commands;

/// <summary>
/// <c>flix IMAGE NAME [PATH...]</c>, Flix mode: copy programs and files out of an image with the shared libraries
/// they need and the image's loader into a private sysroot, patch them to use it, and pack the result as a sysext.
/// The verbs (<c>flix pack</c>, <c>flix rootfs</c>…) are its subcommands.
/// </summary>
/// <remarks>
/// A plain command named flix rather than a <see cref="RootCommand"/>: a root command takes its name from argv[0],
/// so a native build started through the flatwrap link would be a root "flatwrap" beside the subcommand "flatwrap".
/// </remarks>
public sealed class FlixRootCommand : Command
{
    public const string ProgramName = "flix";

    public FlixRootCommand(Func<string, string?> environment)
        : base(ProgramName, "Flix: turn software from any Linux distribution image into a systemd system extension. "
            + "Without a verb: copy PATHs out of IMAGE with their libraries and the image's loader into a private sysroot, patch them to use it, and pack a sysext NAME.")
    {
        ArgumentNullException.ThrowIfNull(environment);

        // --help as a root command has it. flix --version is the program's version (Program answers it before parsing),
        // so the extension's version is --extension-version here; the verbs take --version for it as well.
        Options.Add(new System.CommandLine.Help.HelpOption());
        Common.AddTo(this);

        Extension = new ImageExtensionOptionSet(
            environment,
            "The extension name; without PATH also the program to copy (the image's /usr/bin/NAME, /usr/sbin/NAME, /bin/NAME…).",
            "What to copy: PATH, or SRC:TARGET for a path outside /usr (TARGET under /usr or /opt). sbin entries land in /usr/bin, /bin and /lib ones under /usr; folders are copied whole (device nodes, FIFOs and sockets left out); units, sysusers.d and tmpfiles.d files are carried.");
        Extension.Packing.RemoveVersionAlias();
        Extension.AddArgumentsTo(this);
        Options.Add(ExtraLibOption);
        Options.Add(NoAutoLibsOption);
        Options.Add(SysrootOption);
        Extension.AddOptionsTo(this, result => CreateOptions(result).Errors, () =>
            "flix IMAGE NAME [PATH...]; or a command: " + string.Join(", ", Subcommands.Where(command => !command.Hidden).Select(command => command.Name).Order(StringComparer.Ordinal)));
        SetAction((parseResult, cancellationToken) => ImageExtensionAction.RunAsync(parseResult, Extension, CreateBuilder, new FlixModeRendering(), cancellationToken));
    }

    /// <summary>-q/--quiet and -v/--verbose, which every verb inherits.</summary>
    public Conventions.CommonOptions Common { get; } = new();

    /// <summary>IMAGE NAME [PATH...], the pack options and the image options.</summary>
    public ImageExtensionOptionSet Extension { get; }

    public Option<string[]> ExtraLibOption { get; } = new("--extra-lib")
    {
        Description = "A library the programs load with dlopen (a path in the image or a file name), copied with its dependencies; repeatable.",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<bool> NoAutoLibsOption { get; } = new("--no-auto-libs")
    {
        Description = "Do not add what glibc loads at run time (libgcc_s, libidn2, NSS modules, gconv modules).",
    };

    public Option<string?> SysrootOption { get; } = new("--sysroot")
    {
        Description = "The private folder for the loader and libraries [default: /usr/local/NAME].",
    };

    /// <summary>
    /// Hides the root's arguments when <paramref name="parseResult"/> is for a verb: the help of a subcommand would
    /// otherwise list IMAGE NAME PATH as if <c>flix pack</c> took them too.
    /// </summary>
    public void HideArgumentsUnlessInvoked(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        bool forRoot = ReferenceEquals(parseResult.CommandResult.Command, this);
        foreach (var argument in Arguments)
        {
            argument.Hidden = !forRoot;
        }
    }

    /// <summary>Maps the command line to Flix options, or lists what is wrong with it.</summary>
    public (FlixOptions? Options, IReadOnlyList<string> Errors) CreateOptions(CommandResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var errors = new List<string>();
        var options = new FlixOptions
        {
            Name = Extension.Name(result),
            Entries = Extension.ParseEntries(result, errors),
            ExtraLibraries = result.GetValue(ExtraLibOption) ?? [],
            AutoLibraries = !result.GetValue(NoAutoLibsOption),
            Sysroot = result.GetValue(SysrootOption),
        };
        errors.AddRange(options.Validate());
        errors.AddRange(Extension.ImageErrors(result));
        return errors.Count == 0 ? (options, errors) : (null, errors);
    }

    private (IExtensionBuilder?, IReadOnlyList<string>) CreateBuilder(CommandResult result)
    {
        var (options, errors) = CreateOptions(result);
        return (options is null ? null : Extension.PackageBuilder(
            result, options.Entries, varFromHost: true, etcFromHost: true, entries => new FlixModeExtensionBuilder(options with { Entries = entries })), errors);
    }
}
