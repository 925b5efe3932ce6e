using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Flix.Core.Tree;
using Flix.Core.Tree.Overlay;
using Flix.Sysext;

namespace Flix.Cli.Commands;

/// <summary><c>flix pack TREE NAME</c>: turn a folder into a system extension image.</summary>
public sealed class PackCommand : Command
{
    public const string SourceDateEpochVariable = "SOURCE_DATE_EPOCH";

    private static readonly string[] FormatNames = ["squashfs", "erofs", "dir"];

    private readonly Func<string, string?> _environment;

    public PackCommand(Func<string, string?> environment)
        : base("pack", "Pack a folder into a systemd system extension (sysext) image for hosts such as Flatcar.")
    {
        _environment = environment ?? throw new ArgumentNullException(nameof(environment));

        Arguments.Add(TreeArgument);
        Arguments.Add(NameArgument);
        Options.Add(OsOption);
        Options.Add(ArchOption);
        Options.Add(VersionOption);
        Options.Add(ReloadOption);
        Options.Add(FormatOption);
        Options.Add(CompressionOption);
        Options.Add(CompressionLevelOption);
        Options.Add(BlockSizeOption);
        Options.Add(EpochOption);
        Options.Add(AllRootOption);
        Options.Add(KeepOwnersOption);
        Options.Add(AllowOutsideOption);
        Options.Add(AllowUsrSbinOption);
        Options.Add(SysupdateOption);
        Options.Add(SysupdateUrlOption);
        Options.Add(OutputOption);
        Options.Add(JsonOption);

        FormatOption.AcceptOnlyFromAmong(FormatNames);
        CompressionOption.AcceptOnlyFromAmong([.. SquashFsSettings.CompressionNames]);
        Validators.Add(Validate);
        SetAction((parseResult, cancellationToken) => RunAsync(parseResult, cancellationToken));
    }

    public Argument<string> TreeArgument { get; } = new("tree")
    {
        Description = "The folder to pack: its usr/ (and opt/) become the extension.",
    };

    public Argument<string> NameArgument { get; } = new("name")
    {
        Description = "The extension name: the image must appear on the host as NAME.raw (metadata extension-release.NAME).",
    };

    public Option<string> OsOption { get; } = new("--os")
    {
        Description = "The host os-release ID the extension is for, or _any for every host; a specific ID adds SYSEXT_LEVEL=1.0.",
        DefaultValueFactory = _ => ExtensionRelease.AnyId,
    };

    public Option<string?> ArchOption { get; } = new("--arch", "-a")
    {
        Description = "The architecture: x86-64 or arm64 (amd64, x86_64, aarch64 accepted) [default: this machine's].",
    };

    public Option<string?> VersionOption { get; } = new("--version")
    {
        Description = "The extension version: sets VERSION_ID and names the output NAME-VERSION-ARCH.raw.",
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
        Description = "Also write NAME.conf, a systemd-sysupdate transfer file (needs --version).",
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

    /// <summary>Maps the command line to pack options, or lists what is wrong with it.</summary>
    public (SysextPackOptions? Options, IReadOnlyList<string> Errors) CreateOptions(CommandResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var errors = new List<string>();

        string? arch = result.GetValue(ArchOption);
        string? architecture;
        if (arch is null)
        {
            architecture = ExtensionArchitecture.Host;
            if (architecture is null)
            {
                errors.Add($"This machine's architecture is neither {ExtensionArchitecture.X86_64} nor {ExtensionArchitecture.Arm64}; give --arch.");
            }
        }
        else if (!ExtensionArchitecture.TryNormalize(arch, out architecture))
        {
            errors.Add($"Unknown architecture '{arch}' for --arch; use one of {string.Join(", ", ExtensionArchitecture.AcceptedNames)}.");
        }

        var format = result.GetValue(FormatOption) switch
        {
            "erofs" => ImageFormat.Erofs,
            "dir" => ImageFormat.Directory,
            _ => ImageFormat.SquashFs,
        };

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

        var options = new SysextPackOptions
        {
            Name = result.GetValue(NameArgument) ?? string.Empty,
            Architecture = architecture ?? ExtensionArchitecture.X86_64,
            OutputDirectory = result.GetValue(OutputOption) ?? ".",
            Os = result.GetValue(OsOption) ?? ExtensionRelease.AnyId,
            Version = result.GetValue(VersionOption),
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
        if (string.IsNullOrEmpty(result.GetValue(TreeArgument)))
        {
            errors.Add("The tree folder must not be empty.");
        }

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

    private void Validate(CommandResult result)
    {
        IReadOnlyList<string> errors;
        try
        {
            errors = CreateOptions(result).Errors;
        }
        catch (InvalidOperationException)
        {
            return; // a value that did not convert; the parser has reported it already
        }

        foreach (var error in errors)
        {
            result.AddError(error);
        }
    }

    private async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        bool json = parseResult.GetValue(JsonOption);
        var (options, problems) = CreateOptions(parseResult.CommandResult);
        if (options is null)
        {
            // The validator already reported these; this is only reached when a caller skipped it.
            foreach (var problem in problems)
            {
                await error.WriteLineAsync($"flix: {problem}").ConfigureAwait(false);
            }

            return ExitCodes.Usage;
        }

        string treePath = parseResult.GetValue(TreeArgument)!;
        options = options with { SourceDirectory = treePath };
        SysextPackResult result;
        try
        {
            var tree = OverlaidDirectoryReader.Read(treePath, out _);
            result = await SysextPacker.PackAsync(tree, options, cancellationToken).ConfigureAwait(false);
        }
        catch (SysextLayoutException exception)
        {
            if (json)
            {
                await WriteJsonAsync(output, PackReport.Failed(exception.Message, exception.Diagnostics)).ConfigureAwait(false);
            }

            await WriteDiagnosticsAsync(error, exception.Diagnostics).ConfigureAwait(false);
            await error.WriteLineAsync($"flix: error: {exception.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (Exception exception) when (json && exception is not OperationCanceledException)
        {
            // The JSON reader learns of the failure too; the exit code and stderr line come from the caller.
            await WriteJsonAsync(output, PackReport.Failed(exception.Message, [])).ConfigureAwait(false);
            throw;
        }

        if (json)
        {
            await WriteJsonAsync(output, PackReport.Succeeded(result)).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        await WriteDiagnosticsAsync(error, result.Diagnostics).ConfigureAwait(false);
        string format = result.Format switch
        {
            ImageFormat.Erofs => "erofs",
            ImageFormat.Directory => "directory",
            _ => "squashfs",
        };
        await output.WriteLineAsync(result.Sha256 is null
            ? $"Wrote {result.Path} ({format}, {result.Size} bytes of files)"
            : $"Wrote {result.Path} ({format}, {result.Size} bytes, sha256 {result.Sha256})").ConfigureAwait(false);
        if (result.Sha256SumsPath is not null)
        {
            await output.WriteLineAsync($"Updated {result.Sha256SumsPath}").ConfigureAwait(false);
        }

        if (result.SysupdatePath is not null)
        {
            await output.WriteLineAsync($"Wrote {result.SysupdatePath}").ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    private static Task WriteJsonAsync(TextWriter output, PackReport report) =>
        output.WriteLineAsync(JsonSerializer.Serialize(report, PackReportJsonContext.Default.PackReport));

    private static async Task WriteDiagnosticsAsync(TextWriter error, IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            await error.WriteLineAsync(diagnostic.ToString()).ConfigureAwait(false);
        }
    }
}
