using System.CommandLine;
using System.CommandLine.Parsing;
using Flix.Core.Tree;
using Flix.Install.EntryPoints;
using Flix.Install.Steps;
using Flix.Oci.Rootfs;
using Flix.Sysext;
using Flix.Sysext.Entries;
using Flix.Sysext.Flatwrap;

namespace Flix.Cli.Commands;

/// <summary>
/// <c>flix flatwrap IMAGE NAME [PATH...]</c> (also <c>flatwrap IMAGE NAME [PATH...]</c>): ship an image's whole
/// rootfs as an extension and run its programs in a private root made of the image's folders and the host's.
/// </summary>
public sealed class FlatwrapCommand : Command
{
    /// <summary>The bakery's variables for the mappings, read when the option is not given.</summary>
    public const string EtcMapVariable = "ETCMAP";

    public const string VarMapVariable = "VARMAP";

    public const string HomeMapVariable = "HOMEMAP";

    private readonly Func<string, string?> _environment;

    public FlatwrapCommand(Func<string, string?> environment)
        : base("flatwrap", "Ship an image's whole rootfs as a sysext under /usr/local/NAME and run its programs through wrappers in a private root (the image's /usr, /lib… and the host's /dev, /proc, /run, /tmp…).")
    {
        _environment = environment ?? throw new ArgumentNullException(nameof(environment));
        Packing = new PackOptionSet(environment, withArchitecture: false);
        Arguments.Add(ImageArgument);
        Arguments.Add(NameArgument);
        Arguments.Add(PathsArgument);
        Options.Add(EtcMapOption);
        Options.Add(VarMapOption);
        Options.Add(HomeMapOption);
        Options.Add(ChrootDirsOption);
        Options.Add(HostDirsOption);
        Packing.AddTo(this);
        Image.AddTo(this);
        Installing.AddTo(this);
        foreach (var option in new[] { EtcMapOption, VarMapOption, HomeMapOption })
        {
            option.AcceptOnlyFromAmong([.. FolderMappings.Names]);
        }

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
        Description = "The extension name; without PATH also the program to wrap (the image's /usr/bin/NAME, /usr/sbin/NAME, /bin/NAME…).",
    };

    public Argument<string[]> PathsArgument { get; } = new("path")
    {
        Description = "Entry points: PATH, or SRC:TARGET for a path outside /usr (/etc/x.service:/usr/lib/systemd/system/x.service). Programs get wrappers (sbin ones in /usr/bin), units their Exec lines pointed at them, anything else a symlink into the rootfs.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public Option<string?> EtcMapOption { get; } = new("--etcmap")
    {
        Description = "/etc in the private root from the host or the chroot (the image) [default: $ETCMAP, else host].",
    };

    public Option<string?> VarMapOption { get; } = new("--varmap")
    {
        Description = "/var in the private root from the host or the chroot [default: $VARMAP, else host].",
    };

    public Option<string?> HomeMapOption { get; } = new("--homemap")
    {
        Description = "/home in the private root from the host or the chroot [default: $HOMEMAP, else host].",
    };

    public Option<string?> ChrootDirsOption { get; } = new("--chroot-dirs")
    {
        Description = $"The image's folders in the private root, separated by spaces or commas [default: {string.Join(' ', FlatwrapOptions.DefaultChrootDirectories)}].",
    };

    public Option<string?> HostDirsOption { get; } = new("--host-dirs")
    {
        Description = $"The host's folders in the private root, separated by spaces or commas [default: {string.Join(' ', FlatwrapOptions.DefaultHostDirectories)}].",
    };

    /// <summary>The packing options of <c>flix pack</c>, without --arch: that one comes from the image options.</summary>
    public PackOptionSet Packing { get; }

    /// <summary>The image options of <c>flix rootfs</c>; --arch also sets the extension's architecture.</summary>
    /// <summary>--install, --run, --no-install, --enable, --no-enable.</summary>
    public InstallOptionSet Installing { get; } = new(forExtensions: true);

    public ImageOptionSet Image { get; } = new(
        "The architecture to pick from a multi-platform image and of the extension: x86-64 or arm64 (amd64, aarch64 accepted) [default: the image's, else this machine's].");

    /// <summary>Maps the command line to Flatwrap options, or lists what is wrong with it.</summary>
    public (FlatwrapOptions? Options, IReadOnlyList<string> Errors) CreateOptions(CommandResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var errors = new List<string>();
        var entries = ImageExtensionCommandSupport.ParseEntries(result, PathsArgument, errors);

        var etc = Mapping(EtcMapOption, EtcMapVariable);
        var var = Mapping(VarMapOption, VarMapVariable);
        var home = Mapping(HomeMapOption, HomeMapVariable);
        var options = new FlatwrapOptions
        {
            Name = result.GetValue(NameArgument) ?? string.Empty,
            Entries = entries,
            Etc = etc,
            Var = var,
            Home = home,
            ChrootDirectories = SplitList(result.GetValue(ChrootDirsOption)) ?? FlatwrapOptions.DefaultChrootDirectories,
            HostDirectories = SplitList(result.GetValue(HostDirsOption)) ?? FlatwrapOptions.DefaultHostDirectories,
        };
        errors.AddRange(options.Validate());
        errors.AddRange(Installing.Validate(result));
        if (string.IsNullOrEmpty(result.GetValue(ImageArgument)))
        {
            errors.Add("The image must not be empty.");
        }

        return errors.Count == 0 ? (options, errors) : (null, errors);

        FolderMapping Mapping(Option<string?> option, string variable)
        {
            try
            {
                return FolderMappings.Choose(result.GetValue(option), option.Name, _environment(variable), variable);
            }
            catch (FormatException e)
            {
                errors.Add(e.Message);
                return FolderMapping.Host;
            }
        }
    }

    /// <summary>A list of folders written with spaces or commas between them; null when the option was not given.</summary>
    public static IReadOnlyList<string>? SplitList(string? text) =>
        text?.Split([' ', ',', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);

    private void Validate(CommandResult result) => ImageExtensionCommandSupport.Validate(
        result, () => CreateOptions(result).Errors, Packing, Image, result.GetValue(NameArgument) ?? string.Empty);

    private async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        bool json = parseResult.GetValue(Packing.JsonOption);
        var (flatwrap, problems) = CreateOptions(parseResult.CommandResult);
        if (flatwrap is null)
        {
            return await ImageExtensionCommandSupport.ReportUsageAsync(error, problems).ConfigureAwait(false);
        }

        string image = parseResult.GetValue(ImageArgument)!;
        var rootfsOptions = await ImageExtensionCommandSupport.RootfsOptionsAsync(Image, parseResult, json, error, cancellationToken).ConfigureAwait(false);
        string work = Directory.CreateTempSubdirectory("flix-flatwrap-").FullName;
        try
        {
            RootfsResult rootfs;
            FlatwrapResult built;
            SysextPackOptions packOptions;
            PackageEntryPoints? package;
            PackageExtensionResult additions;
            try
            {
                // The rootfs is always a copy of Flix's own (a dir: source too), so installs never touch the source.
                rootfs = await RootfsBuilder.BuildAsync(image, Path.Combine(work, "rootfs"), rootfsOptions, cancellationToken).ConfigureAwait(false);
                var install = Installing.CreateOptions(parseResult, flatwrap.Name, error, [.. flatwrap.Entries.Select(e => e.Source)]);
                var model = await ImageExtensionCommandSupport.InstallAsync(rootfs.Directory, rootfs.Model, install, cancellationToken).ConfigureAwait(false);
                package = ImageExtensionCommandSupport.PackageEntries(rootfs.Directory, model, flatwrap.Name, flatwrap.Entries);
                if (package is not null)
                {
                    flatwrap = flatwrap with { Entries = package.All };
                }

                built = await FlatwrapBuilder.BuildAsync(model, flatwrap, cancellationToken).ConfigureAwait(false);
                additions = PackageExtension.AddTo(built.Tree, model, package, Installing.CreateExtensionOptions(
                    parseResult, flatwrap.Name, varFromHost: flatwrap.Var == FolderMapping.Host, etcFromHost: flatwrap.Etc == FolderMapping.Host));
                string? architecture = ImageExtensionCommandSupport.Architecture(Image, parseResult.CommandResult, rootfs.Image?.Platform.Architecture);
                var (created, packProblems) = Packing.CreateOptions(parseResult.CommandResult, flatwrap.Name, architecture);
                packOptions = created ?? throw new ArgumentException(string.Join(" ", packProblems));
            }
            catch (FormatException e)
            {
                return await ImageExtensionCommandSupport.ReportFormatErrorAsync(output, error, json, e).ConfigureAwait(false);
            }
            catch (Exception e) when (json && e is not OperationCanceledException)
            {
                await PackRunner.WriteFailureJsonAsync(output, e.Message).ConfigureAwait(false);
                throw;
            }

            if ((built.HasUnits || additions.NeedsReload) && !packOptions.ReloadManager)
            {
                packOptions = packOptions with { ReloadManager = true };
            }

            foreach (var warning in rootfs.Layers.SelectMany(l => l.Warnings).Concat(built.Warnings))
            {
                await error.WriteLineAsync($"warning: {warning}").ConfigureAwait(false);
            }

            if (package is not null)
            {
                await ImageExtensionCommandSupport.WritePackageEntriesAsync(json ? error : output, flatwrap.Name, package, additions).ConfigureAwait(false);
            }

            if (!json)
            {
                await WriteEntriesAsync(output, built).ConfigureAwait(false);
            }

            return await PackRunner.PackAndReportAsync(
                built.Tree, packOptions, json, output, error, cancellationToken, package: package is null ? null : PackageReport.From(flatwrap.Name, package, additions)).ConfigureAwait(false);
        }
        finally
        {
            TreeRemover.TryDelete(work);
        }
    }

    private static async Task WriteEntriesAsync(TextWriter output, FlatwrapResult built)
    {
        foreach (var entry in built.Entries)
        {
            string line = entry.Kind switch
            {
                FlatwrapEntryKind.Wrapper => $"wrapper {entry.Entry.Target} runs {entry.Detail} in the private root",
                FlatwrapEntryKind.Unit => $"unit    {entry.Entry.Target} from {entry.Detail}",
                _ => $"symlink {entry.Entry.Target} -> {entry.Detail}",
            };
            await output.WriteLineAsync(line).ConfigureAwait(false);
        }
    }
}
