using System.CommandLine;
using System.CommandLine.Parsing;
using Flix.Core;
using Flix.Core.Tree;
using Flix.Core.Tree.Overlay;
using Flix.Elf;
using Flix.Oci.Rootfs;
using Flix.Sysext;
using Flix.Sysext.FlixMode;

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

        // --help as a root command has it; no --version: that is the extension's version (as in flix pack), not the program's.
        Options.Add(new System.CommandLine.Help.HelpOption());

        Packing = new PackOptionSet(environment, withArchitecture: false);
        Arguments.Add(ImageArgument);
        Arguments.Add(NameArgument);
        Arguments.Add(PathsArgument);
        Options.Add(ExtraLibOption);
        Options.Add(NoAutoLibsOption);
        Options.Add(SysrootOption);
        Packing.AddTo(this);
        Image.AddTo(this);
        Validators.Add(Image.Validate);
        Validators.Add(Validate);
        SetAction((parseResult, cancellationToken) => RunAsync(parseResult, cancellationToken));
    }

    public Argument<string> ImageArgument { get; } = new("image")
    {
        Description = "The image: a reference such as debian:trixie, oci:LAYOUT[:TAG], docker-archive:FILE, docker-daemon:NAME[:TAG], or dir:PATH.",
    };

    public Argument<string> NameArgument { get; } = new("name")
    {
        Description = "The extension name; without PATH also the program to copy (the image's /usr/bin/NAME, /usr/sbin/NAME, /bin/NAME…).",
    };

    public Argument<string[]> PathsArgument { get; } = new("path")
    {
        Description = "What to copy: PATH, or SRC:TARGET for a path outside /usr (TARGET under /usr or /opt). sbin entries land in /usr/bin, /bin and /lib ones under /usr; folders are copied whole; units, sysusers.d and tmpfiles.d files are carried.",
        Arity = ArgumentArity.ZeroOrMore,
    };

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

    /// <summary>The packing options of <c>flix pack</c>, without --arch: that one comes from the image options.</summary>
    public PackOptionSet Packing { get; }

    /// <summary>The image options of <c>flix rootfs</c>; --arch also sets the extension's architecture.</summary>
    public ImageOptionSet Image { get; } = new(
        "The architecture to pick from a multi-platform image and of the extension: x86-64 or arm64 (amd64, aarch64 accepted) [default: the image's, else this machine's].");

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
        var entries = ImageExtensionCommandSupport.ParseEntries(result, PathsArgument, errors);
        var options = new FlixOptions
        {
            Name = result.GetValue(NameArgument) ?? string.Empty,
            Entries = entries,
            ExtraLibraries = result.GetValue(ExtraLibOption) ?? [],
            AutoLibraries = !result.GetValue(NoAutoLibsOption),
            Sysroot = result.GetValue(SysrootOption),
        };
        errors.AddRange(options.Validate());
        if (string.IsNullOrEmpty(result.GetValue(ImageArgument)))
        {
            errors.Add("The image must not be empty.");
        }

        return errors.Count == 0 ? (options, errors) : (null, errors);
    }

    private void Validate(CommandResult result) => ImageExtensionCommandSupport.Validate(
        result, () => CreateOptions(result).Errors, Packing, Image, result.GetValue(NameArgument) ?? string.Empty);

    private async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        bool json = parseResult.GetValue(Packing.JsonOption);
        var (flix, problems) = CreateOptions(parseResult.CommandResult);
        if (flix is null)
        {
            return await ImageExtensionCommandSupport.ReportUsageAsync(error, problems).ConfigureAwait(false);
        }

        string image = parseResult.GetValue(ImageArgument)!;
        var rootfsOptions = await ImageExtensionCommandSupport.RootfsOptionsAsync(Image, parseResult, json, error, cancellationToken).ConfigureAwait(false);
        string work = Directory.CreateTempSubdirectory("flix-").FullName;
        try
        {
            FileTree model;
            IReadOnlyList<string> layerWarnings = [];
            string? imageArchitecture = null;
            FlixResult built;
            SysextPackOptions packOptions;
            try
            {
                if (image.StartsWith(RootfsBuilder.DirectoryPrefix, StringComparison.Ordinal))
                {
                    // Flix mode only reads the rootfs, and every path is resolved in the model, never on disk: a
                    // folder is read where it is instead of being copied first.
                    model = ReadDirectorySource(image[RootfsBuilder.DirectoryPrefix.Length..]);
                }
                else
                {
                    var rootfs = await RootfsBuilder.BuildAsync(image, Path.Combine(work, "rootfs"), rootfsOptions, cancellationToken).ConfigureAwait(false);
                    model = rootfs.Model;
                    layerWarnings = [.. rootfs.Layers.SelectMany(l => l.Warnings)];
                    imageArchitecture = rootfs.Image?.Platform.Architecture;
                }

                built = await FlixBuilder.BuildAsync(model, flix, cancellationToken).ConfigureAwait(false);
                // A dir: source has no image platform: the machine of its programs says what the extension is for.
                string? architecture = ImageExtensionCommandSupport.Architecture(Image, parseResult.CommandResult, imageArchitecture)
                    ?? built.Loader?.Machine switch
                    {
                        ElfMachine.X86_64 => ExtensionArchitecture.X86_64,
                        ElfMachine.AArch64 => ExtensionArchitecture.Arm64,
                        _ => null,
                    };
                var (created, packProblems) = Packing.CreateOptions(parseResult.CommandResult, flix.Name, architecture);
                packOptions = created ?? throw new ArgumentException(string.Join(" ", packProblems));
            }
            catch (FormatException e)
            {
                return await ImageExtensionCommandSupport.ReportFormatErrorAsync(output, error, json, e).ConfigureAwait(false);
            }
            catch (SysextLayoutException e)
            {
                return await PackRunner.ReportLayoutFailureAsync(e, json, output, error).ConfigureAwait(false);
            }
            catch (Exception e) when (json && e is not OperationCanceledException)
            {
                await PackRunner.WriteFailureJsonAsync(output, e.Message).ConfigureAwait(false);
                throw;
            }

            if (built.HasUnits && !packOptions.ReloadManager)
            {
                packOptions = packOptions with { ReloadManager = true };
            }

            foreach (var warning in layerWarnings.Concat(built.Warnings))
            {
                await error.WriteLineAsync($"warning: {warning}").ConfigureAwait(false);
            }

            await PackRunner.WriteDiagnosticsAsync(error, built.Diagnostics).ConfigureAwait(false);

            await (json ? error : output).WriteLineAsync(Summary(built)).ConfigureAwait(false);
            return await PackRunner.PackAndReportAsync(built.Tree, packOptions, json, output, error, cancellationToken, FlixModeReport.From(built)).ConfigureAwait(false);
        }
        finally
        {
            TreeRemover.TryDelete(work);
        }
    }

    /// <summary>The model of the folder <paramref name="path"/> (a link naming it followed once, as the user named it).</summary>
    private static FileTree ReadDirectorySource(string path)
    {
        if (path.Length == 0)
        {
            throw new FormatException("'dir:' needs a directory: dir:PATH.");
        }

        string root = Path.GetFullPath(path);
        if (!Directory.Exists(root))
        {
            throw new FlixException($"The source directory '{path}' does not exist or is not a directory.");
        }

        if (new DirectoryInfo(root).ResolveLinkTarget(returnFinalTarget: true) is { } resolved)
        {
            root = resolved.FullName;
        }

        return OverlaidDirectoryReader.Read(root, out _);
    }

    private static string Summary(FlixResult built) => built.Loader is null
        ? $"Copied {built.UnpatchedElfFiles.Count} static ELF file(s) as they are; no loader needed."
        : $"Patched {built.PatchedFiles.Count} ELF file(s) to use {built.Sysroot} ({built.Loader.Flavor.ToString().ToLowerInvariant()} loader {built.Loader.Interpreter}, "
            + $"{built.Libraries.Count} librar{(built.Libraries.Count == 1 ? "y" : "ies")}{(built.GconvDirectory is null ? string.Empty : ", gconv in " + built.GconvDirectory)}); "
            + $"the closure check found every library inside the extension.";
}
