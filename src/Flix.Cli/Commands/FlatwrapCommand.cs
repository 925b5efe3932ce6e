using System.CommandLine;
using System.CommandLine.Parsing;
using Flix.Flatwrap;
using Flix.Pipeline.Builders;

namespace Flix.Cli.Commands;

/// <summary>
/// <c>flix flatwrap IMAGE NAME [PATH...]</c> (also <c>flatwrap IMAGE NAME [PATH...]</c>): ship an image's whole
/// rootfs as an extension and run its programs in a private root made of the image's folders and the host's.
/// </summary>
public sealed class FlatwrapCommand : Command
{
    public FlatwrapCommand(Func<string, string?> environment)
        : base("flatwrap", "Ship an image's whole rootfs as a sysext under /usr/local/NAME and run its programs through wrappers in a private root (the image's /usr, /lib… and the host's /dev, /proc, /run, /tmp…).")
    {
        Mappings = new FolderMappingOptionSet(environment);
        Extension = new ImageExtensionOptionSet(
            environment,
            "The extension name; without PATH also the program to wrap (the image's /usr/bin/NAME, /usr/sbin/NAME, /bin/NAME…).",
            "Entry points: PATH, or SRC:TARGET for a path outside /usr (/etc/x.service:/usr/lib/systemd/system/x.service). Programs get wrappers (sbin ones in /usr/bin), units their Exec lines pointed at them, anything else a symlink into the rootfs.");
        Extension.AddArgumentsTo(this);
        Mappings.AddTo(this);
        Options.Add(ChrootDirsOption);
        Options.Add(HostDirsOption);
        Extension.AddOptionsTo(this, result => CreateOptions(result).Errors, () => "flix flatwrap IMAGE NAME [PATH...]");
        SetAction((parseResult, cancellationToken) => ImageExtensionAction.RunAsync(parseResult, Extension, CreateBuilder, new FlatwrapRendering(), cancellationToken));
    }

    /// <summary>IMAGE NAME [PATH...], the pack options and the image options.</summary>
    public ImageExtensionOptionSet Extension { get; }

    /// <summary>--etcmap, --varmap and --homemap.</summary>
    public FolderMappingOptionSet Mappings { get; }

    public Option<string?> ChrootDirsOption { get; } = new("--chroot-dirs")
    {
        Description = $"The image's folders in the private root, separated by spaces or commas [default: {string.Join(' ', FlatwrapOptions.DefaultChrootDirectories)}].",
    };

    public Option<string?> HostDirsOption { get; } = new("--host-dirs")
    {
        Description = $"The host's folders in the private root, separated by spaces or commas [default: {string.Join(' ', FlatwrapOptions.DefaultHostDirectories)}].",
    };

    /// <summary>Maps the command line to Flatwrap options, or lists what is wrong with it.</summary>
    public (FlatwrapOptions? Options, IReadOnlyList<string> Errors) CreateOptions(CommandResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var errors = new List<string>();
        var options = new FlatwrapOptions
        {
            Name = Extension.Name(result),
            Entries = Extension.ParseEntries(result, errors),
            Etc = Mappings.Etc(result, errors),
            Var = Mappings.Var(result, errors),
            Home = Mappings.Home(result, errors),
            ChrootDirectories = SplitList(result.GetValue(ChrootDirsOption)) ?? FlatwrapOptions.DefaultChrootDirectories,
            HostDirectories = SplitList(result.GetValue(HostDirsOption)) ?? FlatwrapOptions.DefaultHostDirectories,
        };
        errors.AddRange(options.Validate());
        errors.AddRange(Extension.ImageErrors(result));
        return errors.Count == 0 ? (options, errors) : (null, errors);
    }

    /// <summary>A list of folders written with spaces or commas between them; null when the option was not given.</summary>
    public static IReadOnlyList<string>? SplitList(string? text) =>
        text?.Split([' ', ',', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);

    private (IExtensionBuilder?, IReadOnlyList<string>) CreateBuilder(CommandResult result)
    {
        var (options, errors) = CreateOptions(result);
        return (options is null ? null : Extension.PackageBuilder(
            result, options.Entries, options.Var == FolderMapping.Host, options.Etc == FolderMapping.Host, entries => new FlatwrapExtensionBuilder(options with { Entries = entries })), errors);
    }
}
