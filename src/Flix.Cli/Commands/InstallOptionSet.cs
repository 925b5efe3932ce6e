using System.CommandLine;
using System.CommandLine.Parsing;
using Flix.Install.PackageManagers;
using Flix.Install.Steps;
using Flix.Sysext.Units;

namespace Flix.Cli.Commands;

/// <summary>
/// The options of every command that takes an image and may change its rootfs first (--install, --run), and of those
/// that make an extension of a package (--no-install, --enable, --no-enable); their checks and their mapping.
/// </summary>
public sealed class InstallOptionSet
{
    private readonly bool _forExtensions;

    /// <param name="forExtensions">Also --no-install, --enable and --no-enable (Flix mode and Flatwrap).</param>
    public InstallOptionSet(bool forExtensions)
    {
        _forExtensions = forExtensions;
    }

    public Option<string[]> InstallOption { get; } = new("--install")
    {
        HelpName = "package",
        Description = "Install packages with the image's package manager (apt, apk, dnf, microdnf, zypper) before anything else; names separated by commas or spaces; repeatable.",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string[]> RunOption { get; } = new("--run")
    {
        HelpName = "command",
        Description = "Run a shell command inside the image (its /bin/sh, private namespaces, the host's network) after the installs; repeatable, run in order; a failing one stops with its exit code.",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<bool> NoInstallOption { get; } = new("--no-install")
    {
        Description = "Do not install NAME when the image lacks it (and, with PATHs, lacks one of them); --install and --run also turn that off.",
    };

    public Option<string[]> EnableOption { get; } = new("--enable")
    {
        HelpName = "unit",
        Description = "Start this unit when the extension is merged (an Upholds= drop-in on multi-user.target; implies --reload); repeatable [default: the package's main service].",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<bool> NoEnableOption { get; } = new("--no-enable")
    {
        Description = "Start no unit on merge.",
    };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(InstallOption);
        command.Options.Add(RunOption);
        if (_forExtensions)
        {
            command.Options.Add(NoInstallOption);
            command.Options.Add(EnableOption);
            command.Options.Add(NoEnableOption);
        }
    }

    /// <summary>Every problem with the install options, as sentences.</summary>
    public IReadOnlyList<string> Validate(CommandResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var errors = new List<string>();
        errors.AddRange(Packages(result).Select(PackageManager.ValidatePackageName).OfType<string>());
        if (_forExtensions)
        {
            var enable = result.GetValue(EnableOption) ?? [];
            if (enable.Length > 0 && result.GetValue(NoEnableOption))
            {
                errors.Add("--enable and --no-enable exclude each other.");
            }

            errors.AddRange(enable.Where(unit => !UnitFileNames.IsValidUnitName(unit)).Select(unit => $"'{unit}' is not a unit name systemd accepts (e.g. nginx.service)."));
        }

        if ((result.GetValue(RunOption) ?? []).Any(command => command.Length == 0 || command.Contains('\0', StringComparison.Ordinal)))
        {
            errors.Add("A --run command must not be empty or contain a NUL byte.");
        }

        return errors;
    }

    /// <summary>
    /// The rootfs step's options; <paramref name="autoPackage"/> is NAME, installed when the image lacks it and the
    /// <paramref name="requiredPaths"/> (the PATHs given) are not all there.
    /// </summary>
    public RootfsInstallOptions CreateOptions(CommandResult result, string? autoPackage, TextWriter output, IReadOnlyList<string>? requiredPaths = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new RootfsInstallOptions
        {
            Packages = Packages(result),
            Commands = result.GetValue(RunOption) ?? [],
            AutoPackage = _forExtensions && !result.GetValue(NoInstallOption) ? autoPackage : null,
            RequiredPaths = requiredPaths ?? [],
            Output = output,
        };
    }

    /// <summary>The extension additions' options for the extension <paramref name="name"/>.</summary>
    public PackageExtensionOptions CreateExtensionOptions(CommandResult result, string name, bool varFromHost, bool etcFromHost)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new PackageExtensionOptions
        {
            Name = name,
            Enable = result.GetValue(EnableOption) ?? [],
            NoEnable = result.GetValue(NoEnableOption),
            VarFromHost = varFromHost,
            EtcFromHost = etcFromHost,
        };
    }

    private List<string> Packages(CommandResult result) =>
        (result.GetValue(InstallOption) ?? []).SelectMany(v => v.Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries)).ToList();
}
