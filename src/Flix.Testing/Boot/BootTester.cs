using System.Diagnostics;
using Flix.Core;
using Flix.Core.Interop;
using Flix.Core.Tree;
using Flix.Oci.Rootfs;
using Flix.Sysext.Units;
using Flix.Testing.Host;
using Flix.Testing.Merge;

namespace Flix.Testing.Boot;

/// <summary>
/// <c>flix test --boot IMAGE…</c>: boots a real systemd as PID 1 in a systemd-nspawn container of a root file
/// system with systemd, with the extensions merged at boot by systemd-sysext.service; then checks that boot
/// reached multi-user.target, that every unit the extensions enable is active, and reports failed units with
/// their journal lines; then runs the command given, if any, inside the container. The container is powered off
/// the way systemd expects, and its cgroups, nspawn's run folders, loop devices and the work folder are checked gone.
/// </summary>
public static class BootTester
{
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan InitLimit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(60);
    /// <summary>A unit restarted again and again repeats its lines; these many are read, then each kept once.</summary>
    private const int JournalLines = 500;

    /// <summary>How long an enabled unit must stay in the same active run to count as active.</summary>
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(2);

    private const string UnitProperties = "LoadState,ActiveState,SubState,Result,Type,ExecMainExitTimestampMonotonic,InvocationID";
    private const int ConsoleTail = 4096;
    private const string NotBootedYet = "offline";

    /// <exception cref="FlixException">Not root, a missing host tool, a bad image or root.</exception>
    public static async Task<BootTestResult> RunAsync(BootTestOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (Libc.GetEUid() != 0)
        {
            throw new FlixException("flix test --boot runs a container with systemd-nspawn, which needs root: run it with sudo.");
        }

        HostProcess.Require("systemd-nspawn", "systemd-container");
        HostProcess.Require("nsenter", "util-linux");
        var images = TestImage.ResolveAll(options.Images);
        using var work = WorkFolder.Create("flix-boot-");
        string? pulled = null;
        try
        {
            (string root, string description) = await ResolveRootAsync(options, work, root => pulled = root, cancellationToken).ConfigureAwait(false);
            BootRootCache.RequireSystemd(root);
            return await BootAsync(options, images, work, root, description, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (pulled is not null)
            {
                TreeRemover.TryDelete(pulled);
            }
        }
    }

    private static async Task<(string Root, string Description)> ResolveRootAsync(
        BootTestOptions options, WorkFolder work, Action<string> pulled, CancellationToken cancellationToken)
    {
        if (options.RootDirectory is { } directory)
        {
            return (Path.GetFullPath(directory), $"the folder {directory}");
        }

        if (options.Image is { } image)
        {
            options.Progress?.Report($"Pulling {image} for the boot root…");
            string target = work.Combine("root");
            pulled(target);
            var result = await RootfsBuilder.BuildAsync(image, target, options.Rootfs, cancellationToken).ConfigureAwait(false);
            return (target, result.Image is { } resolved ? $"{resolved.Description} ({resolved.ManifestDigest})" : result.Description);
        }

        return (await BootRootCache.GetAsync(options.CacheFolder, options.Progress, cancellationToken).ConfigureAwait(false), BootRootCache.Description);
    }

    private static async Task<BootTestResult> BootAsync(
        BootTestOptions options, IReadOnlyList<TestImage> images, WorkFolder work, string root, string description, CancellationToken cancellationToken)
    {
        var binds = BootDropIns.Write(work, images, options.OsRelease);
        string machine = "flix-test-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));
        bool nspawnRunFolder = Directory.Exists(NspawnRunFolder);
        var loopsBefore = LoopDevice.Attached();
        var cgroup = ContainerCgroup.Create(machine);
        var leftBehind = new List<string>();
        var clock = Stopwatch.StartNew();
        NspawnContainer? container = null;
        bool clean = false;
        BootTestResult result;
        try
        {
            options.Progress?.Report($"Booting {description} with {string.Join(", ", images.Select(i => i.Name))}…");
            container = NspawnContainer.Start(root, machine, binds, cgroup, work.Combine("console.log"));
            if (await container.FindInitAsync(InitLimit, cancellationToken).ConfigureAwait(false))
            {
                var state = await WaitForBootAsync(container, options.BootTimeout, cancellationToken).ConfigureAwait(false);
                double seconds = clock.Elapsed.TotalSeconds;
                string systemState = state.TimedOut ? $"still starting after {options.BootTimeout.TotalSeconds:0} s" : state.Output.Trim();
                result = systemState.Length == 0
                    ? Failed(options, images, description, clock, $"systemctl in the container did not answer (exit {state.ExitCode}): {state.Error.Trim()}")
                    : await CollectAsync(container, options, images, description, seconds, systemState, cancellationToken).ConfigureAwait(false);
                if (options.Command.Count > 0 && result.Error is null && result.Refused.Count == 0)
                {
                    options.Progress?.Report($"Running {string.Join(' ', options.Command)} in the container…");
                    var (exitCode, timedOut, output, error) = await ContainerCommand.RunAsync(
                        container, options.Command, options.CaptureOutput, work, options.CommandTimeout, cancellationToken).ConfigureAwait(false);
                    result = result with { CommandExitCode = exitCode, CommandTimedOut = timedOut, CommandOutput = output, CommandError = error };
                    if (exitCode != 0)
                    {
                        // A daemon the command started through its socket may have failed: that is the reason to show.
                        result = result with { FailedUnits = await FailedUnitsAsync(container, images, result.Units, cancellationToken).ConfigureAwait(false) };
                    }
                }
            }
            else
            {
                result = Failed(options, images, description, clock, "the container's systemd did not start (see the console output)");
            }
        }
        finally
        {
            if (container is not null)
            {
                clean = await container.StopAsync(StopLimit).ConfigureAwait(false);
            }

            leftBehind.AddRange((await cgroup.RemoveAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false)).Select(folder => $"the cgroup {folder} could not be removed"));
            if (!nspawnRunFolder)
            {
                RemoveEmptyNspawnFolders();
            }

            var ours = LoopDevice.Attached().Except(loopsBefore).ToList();
            leftBehind.AddRange((await LoopDevice.WaitDetachedAsync(ours, TimeSpan.FromSeconds(10), CancellationToken.None).ConfigureAwait(false))
                .Select(loop => $"/dev/{loop.Name} is still attached after the container stopped"));
            leftBehind.AddRange(HostMounts.Below(work.Path).Select(point => $"{point} is still mounted"));
        }

        // The console output tells why a boot failed; read it once nspawn has written its last line.
        return result with
        {
            Command = options.Command,
            Machine = machine,
            CleanShutdown = clean,
            LeftBehind = leftBehind,
            Console = result.Error is null ? null : work.ReadTail("console.log", ConsoleTail),
        };
    }

    /// <summary>
    /// systemctl is-system-running --wait, once PID 1 answers on its private socket (which it opens a moment after it
    /// starts): it returns when the boot jobs are done, printing running or degraded. Until PID 1 has made
    /// /run/systemd/system, systemctl prints offline at once without asking it (sd_booted), so offline is asked again.
    /// </summary>
    private static async Task<HostProcessResult> WaitForBootAsync(NspawnContainer container, TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            var state = await container.ExecAsync(["systemctl", "is-system-running", "--wait"], left > TimeSpan.Zero ? left : TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            string answer = state.Output.Trim();
            if (state.TimedOut || (answer.Length > 0 && answer != NotBootedYet) || DateTime.UtcNow >= deadline || container.HasExited)
            {
                return state;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<BootTestResult> CollectAsync(
        NspawnContainer container, BootTestOptions options, IReadOnlyList<TestImage> images, string description, double seconds, string systemState, CancellationToken cancellationToken)
    {
        async Task<string> RunAsync(params string[] command) =>
            (await container.ExecAsync(command, QueryTimeout, cancellationToken).ConfigureAwait(false)).Output;

        var multiUser = SystemctlShow.Parse(await RunAsync("systemctl", "show", "--property=ActiveState", "multi-user.target").ConfigureAwait(false));
        var hierarchies = SysextStatus.Parse(await RunAsync("systemd-sysext", "status", "--json=short").ConfigureAwait(false));
        var merged = hierarchies.Values.SelectMany(names => names).ToHashSet(StringComparer.Ordinal);
        var refused = new List<RefusedImage>();
        if (images.Any(image => !merged.Contains(image.Name)))
        {
            string log = await RunAsync("journalctl", "--boot", "--no-pager", "--output=cat", "--unit=systemd-sysext.service").ConfigureAwait(false);
            refused.AddRange(images.Where(image => !merged.Contains(image.Name)).Select(image => new RefusedImage
            {
                Path = image.Path,
                Name = image.Name,
                Reasons = SysextDebugLog.ReasonsFor(image.Name, log),
            }));
        }

        // A unit that fails right after it starts (a missing program) looks active for a moment, and Upholds=
        // starts it again and again: it counts as active only when it still is, the same run, a while later.
        var enabled = images.SelectMany(image => image.Units.Enablements).GroupBy(e => e.Unit, StringComparer.Ordinal).ToList();
        var first = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var group in enabled)
        {
            first[group.Key] = SystemctlShow.Parse(await RunAsync("systemctl", "show", "--property=" + UnitProperties, group.Key).ConfigureAwait(false));
        }

        if (enabled.Count > 0)
        {
            await Task.Delay(SettleTime, cancellationToken).ConfigureAwait(false);
        }

        var units = new List<UnitCheck>();
        foreach (var group in enabled)
        {
            var show = SystemctlShow.Parse(await RunAsync("systemctl", "show", "--property=" + UnitProperties, group.Key).ConfigureAwait(false));
            string active = show.GetValueOrDefault("ActiveState", "unknown");
            bool steady = first[group.Key].GetValueOrDefault("InvocationID") == show.GetValueOrDefault("InvocationID");
            bool ok = (active == "active" && steady)
                || (active == "inactive" && show.GetValueOrDefault("Result") == "success" && show.GetValueOrDefault("Type") == "oneshot"
                    && show.GetValueOrDefault("ExecMainExitTimestampMonotonic", "0") != "0");
            units.Add(new UnitCheck
            {
                Unit = group.Key,
                EnabledBy = [.. group],
                Shipped = IsShipped(images, group.Key),
                LoadState = show.GetValueOrDefault("LoadState", "unknown"),
                ActiveState = active == "active" && !steady ? "restarting" : active,
                SubState = show.GetValueOrDefault("SubState", "unknown"),
                Result = show.GetValueOrDefault("Result", "unknown"),
                Ok = ok,
                Journal = ok ? [] : await JournalAsync(container, group.Key, cancellationToken).ConfigureAwait(false),
            });
        }

        var failed = await FailedUnitsAsync(container, images, units, cancellationToken).ConfigureAwait(false);

        return new BootTestResult
        {
            Images = images,
            Machine = string.Empty,
            BootRoot = description,
            OsRelease = options.OsRelease.Description,
            BootSeconds = Math.Round(seconds, 1),
            SystemState = systemState,
            MultiUserReached = multiUser.GetValueOrDefault("ActiveState") == "active",
            Hierarchies = hierarchies,
            Refused = refused,
            Units = units,
            FailedUnits = failed,
            CleanShutdown = true,
            LeftBehind = [],
        };
    }

    private static async Task<IReadOnlyList<FailedUnit>> FailedUnitsAsync(
        NspawnContainer container, IReadOnlyList<TestImage> images, IReadOnlyList<UnitCheck> units, CancellationToken cancellationToken)
    {
        var failed = new List<FailedUnit>();
        var list = await container.ExecAsync(
            ["systemctl", "list-units", "--state=failed", "--plain", "--no-legend", "--full", "--no-pager"], QueryTimeout, cancellationToken).ConfigureAwait(false);
        foreach (var unit in list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]))
        {
            var checkedUnit = units.FirstOrDefault(u => u.Unit == unit);
            failed.Add(new FailedUnit { Unit = unit, Shipped = IsShipped(images, unit), Journal = checkedUnit?.Journal ?? await JournalAsync(container, unit, cancellationToken).ConfigureAwait(false) });
        }

        return failed;
    }

    private static bool IsShipped(IReadOnlyList<TestImage> images, string unit) =>
        images.Any(image => image.Units.Units.Any(shipped => ExtensionUnits.Matches(shipped.Name, unit)));

    private static async Task<IReadOnlyList<string>> JournalAsync(NspawnContainer container, string unit, CancellationToken cancellationToken)
    {
        var result = await container.ExecAsync(
            ["journalctl", "--boot", "--no-pager", "--output=cat", "--lines=" + JournalLines, "--unit=" + unit], QueryTimeout, cancellationToken).ConfigureAwait(false);
        // A unit that Upholds= restarts logs the same lines again and again.
        return [.. result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];
    }

    private static BootTestResult Failed(BootTestOptions options, IReadOnlyList<TestImage> images, string description, Stopwatch clock, string error) => new()
    {
        Images = images,
        Machine = string.Empty,
        BootRoot = description,
        OsRelease = options.OsRelease.Description,
        BootSeconds = Math.Round(clock.Elapsed.TotalSeconds, 1),
        SystemState = "offline",
        MultiUserReached = false,
        Hierarchies = new Dictionary<string, IReadOnlyList<string>>(),
        Refused = [],
        Units = [],
        FailedUnits = [],
        Error = error,
        CleanShutdown = false,
        LeftBehind = [],
    };

    private const string NspawnRunFolder = "/run/systemd/nspawn";

    /// <summary>nspawn makes /run/systemd/nspawn/{locks,propagate} on first use; remove them again when they are empty and were not there before.</summary>
    private static void RemoveEmptyNspawnFolders()
    {
        foreach (var folder in new[] { "locks", "propagate", "unix-export" }.Select(name => Path.Combine(NspawnRunFolder, name)).Append(NspawnRunFolder))
        {
            try
            {
                if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
                {
                    Directory.Delete(folder);
                }
            }
            catch (IOException)
            {
                // Someone else's container uses it now.
            }
        }
    }
}
