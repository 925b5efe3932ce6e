using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.Json;
using Flix.Oci.Manifests;
using Flix.Oci.Rootfs;
using Flix.Oci.Sources;

namespace Flix.Cli.Commands;

/// <summary><c>flix rootfs IMAGE DIR</c>: pull an image without a daemon and unpack it into a directory.</summary>
public sealed class RootfsCommand : Command
{
    public RootfsCommand()
        : base("rootfs", "Pull an image (registry, oci:LAYOUT, docker-archive:FILE, docker-daemon:NAME) and unpack it into a directory, or copy a root directory (dir:PATH).")
    {
        Arguments.Add(ImageArgument);
        Arguments.Add(DirectoryArgument);
        Options.Add(ArchOption);
        Options.Add(PlatformOption);
        Options.Add(CacheDirOption);
        Options.Add(NoCacheOption);
        Options.Add(InsecureOption);
        Options.Add(UsernameOption);
        Options.Add(PasswordStdinOption);
        Options.Add(AuthFileOption);
        Options.Add(QuietOption);
        Options.Add(JsonOption);
        Validators.Add(Validate);
        SetAction((parseResult, cancellationToken) => RunAsync(parseResult, cancellationToken));
    }

    public Argument<string> ImageArgument { get; } = new("image")
    {
        Description = "The image: a reference such as alpine or ghcr.io/org/img@sha256:…, oci:LAYOUT[:TAG], docker-archive:FILE, docker-daemon:NAME[:TAG]; or dir:PATH to copy an existing root directory.",
    };

    public Argument<string> DirectoryArgument { get; } = new("directory")
    {
        Description = "The directory to unpack into: new, or empty.",
    };

    public Option<string> ArchOption { get; } = new("--arch", "-a")
    {
        Description = "The architecture to pick from a multi-platform image: x86-64 or arm64 (amd64, aarch64 accepted) [default: this machine's].",
    };

    public Option<string> PlatformOption { get; } = new("--platform")
    {
        Description = "The platform to pick, as os/arch[/variant], e.g. linux/arm/v7.",
    };

    public Option<string> CacheDirOption { get; } = new("--cache-dir")
    {
        Description = "The blob cache [default: $XDG_CACHE_HOME/flix, else ~/.cache/flix].",
    };

    public Option<bool> NoCacheOption { get; } = new("--no-cache")
    {
        Description = "Keep no downloaded blobs.",
    };

    public Option<bool> InsecureOption { get; } = new("--insecure")
    {
        Description = "Allow plain HTTP to registries that are not on this machine (loopback is always allowed).",
    };

    public Option<string> UsernameOption { get; } = new("--username", "-u")
    {
        Description = "The registry user; the password is read from standard input with --password-stdin.",
    };

    public Option<bool> PasswordStdinOption { get; } = new("--password-stdin")
    {
        Description = "Read the registry password from standard input.",
    };

    public Option<string> AuthFileOption { get; } = new("--authfile")
    {
        Description = "An auth file (Docker config.json or containers auth.json) to read before the usual ones.",
    };

    public Option<bool> QuietOption { get; } = new("--quiet", "-q")
    {
        Description = "Print no progress.",
    };

    public Option<bool> JsonOption { get; } = new("--json")
    {
        Description = "Print the resolved digest, platform and layers as JSON on standard output.",
    };

    private void Validate(CommandResult result)
    {
        if (result.GetValue(ArchOption) is not null && result.GetValue(PlatformOption) is not null)
        {
            result.AddError("Give --arch or --platform, not both.");
        }

        if (result.GetValue(PasswordStdinOption) && result.GetValue(UsernameOption) is null)
        {
            result.AddError("--password-stdin needs --username.");
        }

        foreach (var (option, text) in new[] { ("--arch", result.GetValue(ArchOption)), ("--platform", result.GetValue(PlatformOption)) })
        {
            if (text is null)
            {
                continue;
            }

            try
            {
                _ = option == "--arch" ? Platform.FromArch(text) : Platform.Parse(text);
            }
            catch (Exception e) when (e is FormatException or ArgumentException or NotSupportedException)
            {
                result.AddError($"{option} '{text}': {e.Message}");
            }
        }
    }

    private async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        string image = parseResult.GetValue(ImageArgument)!;
        string directory = parseResult.GetValue(DirectoryArgument)!;
        string? arch = parseResult.GetValue(ArchOption);
        string? platformText = parseResult.GetValue(PlatformOption);
        var platform = arch is not null ? Platform.FromArch(arch) : platformText is not null ? Platform.Parse(platformText) : Platform.Host;

        string? password = null;
        if (parseResult.GetValue(PasswordStdinOption))
        {
            password = (await Console.In.ReadToEndAsync(cancellationToken).ConfigureAwait(false)).TrimEnd('\r', '\n');
        }

        bool quiet = parseResult.GetValue(QuietOption) || parseResult.GetValue(JsonOption) || Console.IsErrorRedirected;
        var options = new RootfsOptions
        {
            Platform = platform,
            Source = new ImageSourceOptions
            {
                CacheDirectory = parseResult.GetValue(CacheDirOption),
                NoCache = parseResult.GetValue(NoCacheOption),
                Insecure = parseResult.GetValue(InsecureOption),
                Username = parseResult.GetValue(UsernameOption),
                Password = password,
                AuthFile = parseResult.GetValue(AuthFileOption),
            },
            Progress = quiet ? null : new RootfsProgressPrinter(error),
        };

        RootfsResult result;
        try
        {
            result = await RootfsBuilder.BuildAsync(image, directory, options, cancellationToken).ConfigureAwait(false);
        }
        catch (FormatException e)
        {
            await error.WriteLineAsync($"flix: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        if (parseResult.GetValue(JsonOption))
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(RootfsReport.From(result), RootfsReportJsonContext.Default.RootfsReport)).ConfigureAwait(false);
        }
        else
        {
            int warnings = result.Layers.Sum(l => l.Warnings.Count);
            string summary = result.Image is { } resolved
                ? $"Unpacked {resolved.Description} ({resolved.Platform}, {resolved.ManifestDigest}) into {result.Directory}: "
                    + $"{result.Layers.Count} layer(s), {result.Layers.Sum(l => l.Entries)} entries"
                : $"Copied {result.Description} into {result.Directory}: {result.Model.Walk().Count()} entries";
            await output.WriteLineAsync(summary + (warnings > 0 ? $", {warnings} warning(s)" : string.Empty) + ".").ConfigureAwait(false);
            foreach (var warning in result.Layers.SelectMany(l => l.Warnings))
            {
                await error.WriteLineAsync($"warning: {warning}").ConfigureAwait(false);
            }

            if (result.OverlayFile is { } overlay)
            {
                await output.WriteLineAsync($"Owners, modes and devices the disk could not take without root are kept in {overlay}; "
                    + "flix pack and dir: sources of this directory read them back.").ConfigureAwait(false);
            }
        }

        return ExitCodes.Success;
    }
}
