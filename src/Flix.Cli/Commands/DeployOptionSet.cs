using System.CommandLine;
using System.CommandLine.Parsing;
using Flix.Sysext;
using Flix.Sysext.Deploy;

namespace Flix.Cli.Commands;

/// <summary>
/// The deployment options of the commands that end in a packed image (--butane, --ignition) and their mapping onto
/// <see cref="SysextPackOptions.Deployment"/>.
/// </summary>
public sealed class DeployOptionSet
{
    public Option<bool> ButaneOption { get; } = new("--butane")
    {
        Description = "Also write NAME.bu: a Butane config (flatcar) that downloads the image with its hash, links it, installs the sysupdate transfer and keeps it updated (needs a version).",
    };

    public Option<bool> IgnitionOption { get; } = new("--ignition")
    {
        Description = "Also write NAME.ign, the Ignition JSON of the Butane config (and NAME.bu).",
    };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(ButaneOption);
        command.Options.Add(IgnitionOption);
    }

    /// <summary>
    /// <paramref name="options"/> with the deployment asked for, and the problems that adds. With
    /// <paramref name="versionFromBuild"/>, a missing version is no problem yet: the build may name one (a package's).
    /// </summary>
    public (SysextPackOptions? Options, IReadOnlyList<string> Errors) Apply(
        CommandResult result, SysextPackOptions? options, IReadOnlyList<string> errors, bool versionFromBuild = false)
    {
        ArgumentNullException.ThrowIfNull(result);
        bool butane = result.GetValue(ButaneOption);
        bool ignition = result.GetValue(IgnitionOption);
        if (options is null || (!butane && !ignition))
        {
            return (options, errors);
        }

        var deployed = options with { Deployment = options.Deployment with { Butane = butane, Ignition = ignition } };
        var checkedOptions = versionFromBuild && deployed.Version is null ? deployed with { Version = "0" } : deployed;
        var added = checkedOptions.Validate().Except(errors).ToList();
        return added.Count == 0 ? (deployed, errors) : (null, [.. errors, .. added]);
    }
}
