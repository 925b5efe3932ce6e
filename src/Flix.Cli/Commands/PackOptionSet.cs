using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;
using Flix.Sysext;

namespace Flix.Cli.Commands;

/// <summary>
/// The packing options of <c>flix pack</c> (--os, --arch, --version, --format, --compression, --epoch, --sysupdate,
/// --output, --json…), to add to any command that ends in a packed extension, and their mapping to
/// <see cref="SysextPackOptions"/>.
/// </summary>
public sealed class PackOptionSet
{
    public const string SourceDateEpochVariable = "SOURCE_DATE_EPOCH";

    /// <summary>The extension version's option on every command that has one.</summary>
    public const string ExtensionVersionName = "--extension-version";

    /// <summary>The short name of <see cref="ExtensionVersionName"/> on the verbs; on flix itself it is the program's version.</summary>
    public const string VersionAlias = "--version";

    private readonly Func<string, string?> _environment;

    /// <param name="environment">Reads SOURCE_DATE_EPOCH.</param>
    /// <param name="withArchitecture">
    /// Whether the set has its own --arch; a command that takes the architecture from elsewhere (an image's platform)
    /// passes it to <see cref="CreateOptions"/> instead.
    /// </param>
    /// <param name="withVersion">Whether the set has --version; a command that names the version otherwise (a recipe's) passes false.</param>
    public PackOptionSet(Func<string, string?> environment, bool withArchitecture = true, bool withVersion = true)
    {
        _environment = environment ?? throw new ArgumentNullException(nameof(environment));
        HasArchitecture = withArchitecture;
        HasVersion = withVersion;
        FormatOption.AcceptOnlyFromAmong([.. ImageFormatNames.Names]);
        CompressionOption.AcceptOnlyFromAmong([.. SquashFsSettings.CompressionNames]);
    }

    /// <summary>Whether <see cref="ArchOption"/> is part of the set.</summary>
    public bool HasArchitecture { get; }

    /// <summary>Whether <see cref="VersionOption"/> is part of the set.</summary>
    public bool HasVersion { get; }

    public Option<string> OsOption { get; } = new("--os")
    {
        Description = "The host os-release ID the extension is for, or _any for every host; a specific ID adds SYSEXT_LEVEL=1.0.",
        DefaultValueFactory = _ => ExtensionRelease.AnyId,
    };

    public Option<string?> ArchOption { get; } = new("--arch", "-a")
    {
        Description = "The architecture: x86-64 or arm64 (amd64, x86_64, aarch64 accepted) [default: this machine's].",
    };

    /// <summary>
    /// The extension's version. Named --extension-version so that <c>flix --version</c> can be the program's; the verbs
    /// also take --version, as the bakery's scripts do, where it cannot be mistaken (see <see cref="RemoveVersionAlias"/>).
    /// </summary>
    public Option<string?> VersionOption { get; } = new(ExtensionVersionName, VersionAlias)
    {
        Description = "The extension version: sets VERSION_ID and names the output NAME-VERSION-ARCH.raw.",
        HelpName = "version",
    };

    public Option<bool> ReloadOption { get; } = new("--reload")
    {
        Description = "Set EXTENSION_RELOAD_MANAGER=1 so systemd reloads units after merging (needed for shipped units).",
    };

    public Option<string> FormatOption { get; } = new("--format", "-f")
    {
        Description = "The output format: squashfs, erofs (runs mkfs.erofs) or dir (a plain directory).",
        DefaultValueFactory = _ => "squashfs",
    };

    public Option<string?> CompressionOption { get; } = new("--compression")
    {
        Description = "SquashFS compressor: gzip, zstd, xz or lz4 [default: gzip].",
    };

    public Option<int?> CompressionLevelOption { get; } = new("--compression-level")
    {
        Description = "SquashFS compression level (gzip 1-9, zstd 1-22, xz 0-9) [default: the compressor's].",
        CustomParser = result => ParseInteger<int>(result, "--compression-level", "a whole number"),
    };

    public Option<string?> BlockSizeOption { get; } = new("--block-size")
    {
        Description = "SquashFS block size in bytes or with a K or M suffix, a power of two from 4K to 1M [default: 128K].",
    };

    public Option<long?> EpochOption { get; } = new("--epoch")
    {
        Description = "The image timestamp in seconds since 1970; no file is newer [default: $SOURCE_DATE_EPOCH, else 0].",
        CustomParser = result => ParseInteger<long>(result, "--epoch", "a number of seconds"),
    };

    public Option<bool> AllRootOption { get; } = new("--all-root")
    {
        Description = "Make every entry owned by root (the default).",
    };

    public Option<bool> KeepOwnersOption { get; } = new("--keep-owners")
    {
        Description = "Keep the owners of the folder's entries instead of making everything root-owned.",
    };

    public Option<bool> AllowOutsideOption { get; } = new("--allow-outside")
    {
        Description = "Only warn about top-level entries other than usr/ and opt/ (they are not merged).",
    };

    public Option<bool> AllowUsrSbinOption { get; } = new("--allow-usr-sbin")
    {
        Description = "Allow shipping usr/sbin, which breaks Flatcar hosts (their /usr/sbin is a symlink to bin).",
    };

    public Option<bool> SysupdateOption { get; } = new("--sysupdate")
    {
        Description = "Also write NAME.conf, a systemd-sysupdate transfer file (needs the extension version).",
    };

    public Option<string?> SysupdateUrlOption { get; } = new("--sysupdate-url")
    {
        Description = $"The URL folder the sysupdate transfer downloads from [default: {SysupdateTransferFile.DefaultBaseUrl}NAME/].",
    };

    public Option<string> OutputOption { get; } = new("--output", "-o")
    {
        Description = "The folder to write the image, SHA256SUMS and NAME.conf to; created when missing.",
        DefaultValueFactory = _ => ".",
    };

    public Option<bool> JsonOption { get; } = new("--json")
    {
        Description = "Print the result as JSON on standard output.",
    };

    /// <summary>Drops the --version alias of <see cref="VersionOption"/>, for the root command, where --version is the program's.</summary>
    public void RemoveVersionAlias() => VersionOption.Aliases.Remove(VersionAlias);

    /// <summary>Adds the options to <paramref name="command"/>, in the order <c>flix pack --help</c> lists them.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(OsOption);
        if (HasArchitecture)
        {
            command.Options.Add(ArchOption);
        }

        if (HasVersion)
        {
            command.Options.Add(VersionOption);
        }

        Option[] rest =
        [
            ReloadOption, FormatOption, CompressionOption, CompressionLevelOption, BlockSizeOption,
            EpochOption, AllRootOption, KeepOwnersOption, AllowOutsideOption, AllowUsrSbinOption, SysupdateOption,
            SysupdateUrlOption, OutputOption, JsonOption,
        ];
        foreach (var option in rest)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>
    /// Maps the command line to pack options for the extension <paramref name="name"/>, or lists what is wrong with
    /// it. <paramref name="architecture"/> is used when the set has no --arch of its own (or it was not given);
    /// null then means this machine's. <paramref name="version"/> is used when the set has no --version.
    /// </summary>
    public (SysextPackOptions? Options, IReadOnlyList<string> Errors) CreateOptions(CommandResult result, string name, string? architecture = null, string? version = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var errors = new List<string>();

        string? arch = HasArchitecture ? result.GetValue(ArchOption) : null;
        string? normalized = null;
        if (arch is not null)
        {
            if (!ExtensionArchitecture.TryNormalize(arch, out normalized))
            {
                errors.Add($"Unknown architecture '{arch}' for --arch; use one of {string.Join(", ", ExtensionArchitecture.AcceptedNames)}.");
            }
        }
        else if (architecture is not null)
        {
            normalized = architecture;
        }
        else
        {
            normalized = ExtensionArchitecture.Host;
            if (normalized is null)
            {
                errors.Add($"This machine's architecture is neither {ExtensionArchitecture.X86_64} nor {ExtensionArchitecture.Arm64}; give --arch.");
            }
        }

        var format = ImageFormatNames.TryParse(result.GetValue(FormatOption), out var named) ? named.Value : ImageFormat.SquashFs;

        string? compressionName = result.GetValue(CompressionOption);
        int? level = result.GetValue(CompressionLevelOption);
        string? blockSizeText = result.GetValue(BlockSizeOption);
        if (format != ImageFormat.SquashFs && (compressionName is not null || level is not null || blockSizeText is not null))
        {
            errors.Add("--compression, --compression-level and --block-size apply to --format squashfs only.");
        }

        SquashFsSettings.TryParseCompression(compressionName ?? "gzip", out var compression);
        int blockSize = 128 * 1024;
        if (blockSizeText is not null && !SquashFsSettings.TryParseSize(blockSizeText, out blockSize))
        {
            errors.Add($"'{blockSizeText}' is not a size for --block-size; give bytes or a number with K or M (128K).");
            blockSize = 128 * 1024;
        }

        long epoch = 0;
        long? epochOption = result.GetValue(EpochOption);
        if (epochOption is { } given)
        {
            epoch = given;
        }
        else if (_environment(SourceDateEpochVariable) is { Length: > 0 } fromEnvironment
            && !long.TryParse(fromEnvironment, NumberStyles.None, CultureInfo.InvariantCulture, out epoch))
        {
            errors.Add($"{SourceDateEpochVariable}='{fromEnvironment}' is not a number of seconds; fix it or give --epoch.");
        }

        bool keepOwners = result.GetValue(KeepOwnersOption);
        if (keepOwners && result.GetValue(AllRootOption))
        {
            errors.Add("--all-root and --keep-owners exclude each other.");
        }

        bool sysupdate = result.GetValue(SysupdateOption);
        string? sysupdateUrl = result.GetValue(SysupdateUrlOption);
        if (sysupdateUrl is not null && !sysupdate)
        {
            errors.Add("--sysupdate-url needs --sysupdate.");
        }

        string output = result.GetValue(OutputOption) ?? ".";
        if (File.Exists(output))
        {
            errors.Add($"--output is the folder to write into, and '{output}' is a file; give a folder "
                + "(the image is written in it as NAME[-VERSION]-ARCH.raw, replacing one of that name atomically).");
        }

        var options = new SysextPackOptions
        {
            Name = name,
            Architecture = normalized ?? ExtensionArchitecture.X86_64,
            OutputDirectory = output,
            Os = result.GetValue(OsOption) ?? ExtensionRelease.AnyId,
            Version = HasVersion ? result.GetValue(VersionOption) : version,
            ReloadManager = result.GetValue(ReloadOption),
            Format = format,
            Compression = compression,
            CompressionLevel = level,
            BlockSize = blockSize,
            Epoch = epoch,
            KeepOwners = keepOwners,
            Checks = new LayoutCheckOptions
            {
                AllowOutside = result.GetValue(AllowOutsideOption),
                AllowUsrSbin = result.GetValue(AllowUsrSbinOption),
            },
            Sysupdate = sysupdate,
            SysupdateUrl = sysupdateUrl,
        };
        errors.AddRange(options.Validate());
        return errors.Count == 0 ? (options, errors) : (null, errors);
    }

    private static T? ParseInteger<T>(ArgumentResult result, string option, string what)
        where T : struct, IBinaryInteger<T>
    {
        string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        if (T.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        result.AddError($"'{text}' is not {what} for {option}.");
        return null;
    }
}
