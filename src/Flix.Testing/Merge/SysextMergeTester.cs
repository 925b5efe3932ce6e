using System.Globalization;
using Flix.Core;
using Flix.Core.Interop;
using Flix.Testing.Host;

namespace Flix.Testing.Merge;

/// <summary>
/// <c>flix test IMAGE…</c>: merges extensions with the host's own systemd-sysext inside private mount and PID
/// namespaces (never the host's /usr), optionally against another os-release, runs a command on the merged tree,
/// and checks that nothing stays behind: no mounts, no processes (the PID namespace ends with the script), no
/// loop devices, no work folder.
/// </summary>
public static class SysextMergeTester
{
    /// <summary>At most this much of a captured command output is kept.</summary>
    public const int MaxCapturedOutput = 64 * 1024;

    private static readonly TimeSpan LoopDetachLimit = TimeSpan.FromSeconds(10);

    /// <exception cref="FlixException">Not root, a missing host tool, a bad image or name clash, a namespace that could not be set up.</exception>
    public static async Task<MergeTestResult> RunAsync(MergeTestOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (Libc.GetEUid() != 0)
        {
            throw new FlixException("flix test merges for real inside private namespaces, which needs root: run it with sudo.");
        }

        string unshare = HostProcess.Require("unshare", "util-linux");
        HostProcess.Require("systemd-sysext", "systemd");
        HostProcess.Require("mount", "mount");
        var images = TestImage.ResolveAll(options.Images);

        using var work = WorkFolder.Create("flix-merge-");
        Directory.CreateDirectory(work.Combine("run"));
        if (options.OsRelease.Text is { } osRelease)
        {
            await File.WriteAllTextAsync(work.Combine("os-release"), osRelease, cancellationToken).ConfigureAwait(false);
        }

        var arguments = new List<string>
        {
            "--mount", "--pid", "--fork", "--kill-child", "--mount-proc", "--propagation", "private",
            "/bin/sh", "-c", MergeScript.Text, "flix-test",
            work.Path, options.OsRelease.Text is null ? "0" : "1", options.CaptureOutput ? "1" : "0", images.Count.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var image in images)
        {
            arguments.AddRange([image.Path, image.ExtensionFileName, image.Name]);
        }

        arguments.AddRange(options.Command);
        var run = await HostProcess.RunAsync(unshare, arguments, capture: options.CaptureOutput, timeout: options.Timeout, cancellationToken: cancellationToken).ConfigureAwait(false);

        var leftBehind = new List<string>();
        var ours = LoopDevice.ParseList(work.Read("loops.after")).Except(LoopDevice.ParseList(work.Read("loops.before"))).ToList();
        foreach (var loop in await LoopDevice.WaitDetachedAsync(ours, LoopDetachLimit, cancellationToken).ConfigureAwait(false))
        {
            leftBehind.Add($"/dev/{loop.Name} is still attached {LoopDetachLimit.TotalSeconds:0} s after the namespaces ended");
        }

        leftBehind.AddRange(HostMounts.Below(work.Path).Select(point => $"{point} is still mounted"));
        return Collect(work, images, options, run, leftBehind) with { LoopDevices = ours };
    }

    private static MergeTestResult Collect(WorkFolder work, IReadOnlyList<TestImage> images, MergeTestOptions options, HostProcessResult run, List<string> leftBehind)
    {
        string step = work.Read("step").Trim();
        string setupLog = work.Read("setup.log").Trim();
        string mergeLog = work.Read("merge.log");
        bool merged = int.TryParse(work.Read("merge.rc").Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int mergeExitCode);
        var hierarchies = SysextStatus.Parse(work.Read("status.json"));
        var names = hierarchies.Values.SelectMany(list => list).ToHashSet(StringComparer.Ordinal);

        string? mergeError = null;
        if (run.TimedOut)
        {
            mergeError = $"the test did not end within {options.Timeout.TotalSeconds:0} s (at step '{step}') and was killed.";
        }
        else if (!merged)
        {
            mergeError = $"the namespace setup failed at step '{step}': {(setupLog.Length > 0 ? setupLog : $"unshare exited with {run.ExitCode}")}";
        }
        else if (mergeExitCode != 0)
        {
            mergeError = $"systemd-sysext refresh exited with {mergeExitCode}: {string.Join(" / ", SysextDebugLog.LastProblems(mergeLog))}";
        }

        var refused = images.Where(image => !names.Contains(image.Name)).Select(image => new RefusedImage
        {
            Path = image.Path,
            Name = image.Name,
            Reasons = SysextDebugLog.ReasonsFor(image.Name, mergeLog),
        }).ToList();

        int? commandExitCode = int.TryParse(work.Read("command.rc").Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int code) ? code : null;
        return new MergeTestResult
        {
            Images = images,
            OsRelease = options.OsRelease.Description,
            Hierarchies = hierarchies,
            Refused = refused,
            MergeExitCode = merged ? mergeExitCode : -1,
            MergeError = mergeError,
            Command = options.Command,
            CommandExitCode = commandExitCode,
            CommandOutput = options.CaptureOutput && commandExitCode is not null ? work.ReadTail("command.out", MaxCapturedOutput) : null,
            CommandError = options.CaptureOutput && commandExitCode is not null ? work.ReadTail("command.err", MaxCapturedOutput) : null,
            LeftBehind = leftBehind,
            LoopDevices = [],
        };
    }
}
