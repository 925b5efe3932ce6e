using System.CommandLine;
using System.CommandLine.Parsing;
using Flix.Oci.Manifests;
using Flix.Oci.Rootfs;
using Flix.Oci.Sources;

namespace Flix.Cli.Commands;

/// <summary>
/// The options of every command that pulls an image (--arch, --platform, --cache-dir, --no-cache, --insecure,
/// --username, --password-stdin, --authfile), their checks, and their mapping to <see cref="RootfsOptions"/>.
/// </summary>
public sealed class ImageOptionSet
{
    /// <param name="archDescription">The help text of --arch, when the command gives it a wider meaning.</param>
    public ImageOptionSet(string? archDescription = null)
    {
        if (archDescription is not null)
        {
            ArchOption.Description = archDescription;
        }
    }

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

    /// <summary>Adds the options to <paramref name="command"/>, in the order <c>flix rootfs --help</c> lists them.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        Option[] options = [ArchOption, PlatformOption, CacheDirOption, NoCacheOption, InsecureOption, UsernameOption, PasswordStdinOption, AuthFileOption];
        foreach (var option in options)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Reports conflicting or malformed image options on <paramref name="result"/>.</summary>
    public void Validate(CommandResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
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

    /// <summary>The platform the options pick: --arch, --platform, or this machine's.</summary>
    public Platform GetPlatform(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        string? arch = parseResult.GetValue(ArchOption);
        string? platformText = parseResult.GetValue(PlatformOption);
        return arch is not null ? Platform.FromArch(arch) : platformText is not null ? Platform.Parse(platformText) : Platform.Host;
    }

    /// <summary>
    /// The rootfs options the command line asks for; reads the password from <paramref name="input"/> with
    /// --password-stdin. Progress is the pipeline's to report.
    /// </summary>
    public async Task<RootfsOptions> CreateOptionsAsync(ParseResult parseResult, TextReader input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(input);
        string? password = null;
        if (parseResult.GetValue(PasswordStdinOption))
        {
            password = (await input.ReadToEndAsync(cancellationToken).ConfigureAwait(false)).TrimEnd('\r', '\n');
        }

        return new RootfsOptions
        {
            Platform = GetPlatform(parseResult),
            Source = new ImageSourceOptions
            {
                CacheDirectory = parseResult.GetValue(CacheDirOption),
                NoCache = parseResult.GetValue(NoCacheOption),
                Insecure = parseResult.GetValue(InsecureOption),
                Username = parseResult.GetValue(UsernameOption),
                Password = password,
                AuthFile = parseResult.GetValue(AuthFileOption),
            },
        };
    }
}
