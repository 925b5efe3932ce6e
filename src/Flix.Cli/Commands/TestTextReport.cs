using System.Globalization;
using Flix.Testing.Boot;
using Flix.Testing.Merge;

namespace Flix.Cli.Commands;

/// <summary>The text printed by <c>flix test</c> after a merge or a boot.</summary>
public static class TestTextReport
{
    public static IEnumerable<string> Lines(MergeTestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.MergeError is { } error)
        {
            yield return $"Could not merge with this host's systemd-sysext: {error}";
            yield return LeftBehindLine(result.LeftBehind, "mounts, processes, loop devices and the work folder are gone");
            yield break;
        }

        yield return $"Merged with this host's systemd-sysext in private namespaces, os-release {result.OsRelease}:";
        foreach (var line in HierarchyLines(result.Hierarchies).Concat(RefusedLines(result.Refused)))
        {
            yield return line;
        }

        if (result.CommandExitCode is { } code)
        {
            yield return $"Command '{string.Join(' ', result.Command)}' exited with {code}.";
        }
        else if (result.Command.Count > 0)
        {
            yield return $"Command '{string.Join(' ', result.Command)}' did not run: not every image was merged.";
        }

        yield return LeftBehindLine(result.LeftBehind, "mounts, processes, loop devices and the work folder are gone");
    }

    public static IEnumerable<string> Lines(BootTestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        yield return result.Error is null
            ? $"Booted {result.BootRoot} in {result.BootSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s: {result.SystemState}; multi-user.target {(result.MultiUserReached ? "reached" : "NOT reached")}."
            : $"Could not boot {result.BootRoot}: {result.Error}.";
        if (result.Error is not null && !string.IsNullOrWhiteSpace(result.Console))
        {
            yield return "Console (last lines):";
            foreach (var line in result.Console.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(20))
            {
                yield return "  " + line;
            }
        }

        yield return $"Merged at boot by systemd-sysext.service, os-release {result.OsRelease}:";
        foreach (var line in HierarchyLines(result.Hierarchies).Concat(RefusedLines(result.Refused)))
        {
            yield return line;
        }

        if (result.Units.Count > 0)
        {
            yield return "Units the extensions enable:";
            foreach (var unit in result.Units)
            {
                string by = string.Join(", ", unit.EnabledBy.Select(e => $"{e.Dependency} by {e.By}").Distinct(StringComparer.Ordinal));
                yield return $"  {unit.Unit} ({by}{(unit.Shipped ? string.Empty : ", not shipped")}): {unit.ActiveState} ({unit.SubState}, {unit.Result}){(unit.Ok ? string.Empty : "  <- not active")}";
                foreach (var line in unit.Journal)
                {
                    yield return "    " + line;
                }
            }
        }

        if (result.FailedUnits.Count > 0)
        {
            yield return "Failed units:";
            foreach (var unit in result.FailedUnits)
            {
                bool listed = result.Units.Any(u => u.Unit == unit.Unit);
                yield return $"  {unit.Unit}{(unit.Shipped ? " (shipped by the extensions)" : " (the boot root's)")}{(listed ? ": its journal is above" : string.Empty)}";
                foreach (var line in listed ? [] : unit.Journal)
                {
                    yield return "    " + line;
                }
            }
        }

        if (result.Command.Count > 0)
        {
            string command = string.Join(' ', result.Command);
            yield return result.CommandExitCode is { } code ? $"Command '{command}' exited with {code} in the container."
                : result.CommandTimedOut ? $"Command '{command}' did not end in time and was killed."
                : $"Command '{command}' did not run: {(result.Error is null ? "not every image was merged" : "the boot failed")}.";
        }

        yield return (result.CleanShutdown ? "Shut down cleanly (SIGRTMIN+4 to its PID 1); " : "Did not shut down on SIGRTMIN+4: its cgroup was killed; ")
            + LeftBehindLine(result.LeftBehind, "cgroups, loop devices and the work folder are gone");
    }

    /// <summary>The one-line reason for exit code 1, or null when the test passed.</summary>
    public static string? Failure(MergeTestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.MergeError is { } error)
        {
            return error;
        }

        if (result.Refused.Count > 0)
        {
            var first = result.Refused[0];
            return $"systemd-sysext did not merge {string.Join(", ", result.Refused.Select(r => r.Name))}"
                + (first.Reasons.Count > 0 ? $": {first.Reasons[0]}" : " (its log gives no reason)");
        }

        if (result.CommandExitCode is { } code and not 0)
        {
            return $"the command '{string.Join(' ', result.Command)}' exited with {code}.";
        }

        return result.LeftBehind.Count > 0 ? $"the test left something behind: {result.LeftBehind[0]}" : null;
    }

    public static string? Failure(BootTestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Success)
        {
            return null;
        }

        if (result.Error is { } error)
        {
            return error;
        }

        if (result.Refused.Count > 0)
        {
            var first = result.Refused[0];
            return $"systemd-sysext.service did not merge {string.Join(", ", result.Refused.Select(r => r.Name))}" + (first.Reasons.Count > 0 ? $": {first.Reasons[0]}" : string.Empty);
        }

        if (result.Units.FirstOrDefault(u => !u.Ok) is { } unit)
        {
            return $"{unit.Unit} is {unit.ActiveState} ({unit.SubState}, {unit.Result})" + (unit.Reason is { } reason ? $": {reason}" : string.Empty);
        }

        string? failed = result.FailedUnits.FirstOrDefault(u => u.Shipped) is { } unitFailed
            ? $"{unitFailed.Unit} failed" + (unitFailed.Reason is { } why ? $": {why}" : string.Empty)
            : null;
        if (result.Command.Count > 0 && result.CommandExitCode != 0 && result.MultiUserReached)
        {
            // A daemon the command reached through its socket and that failed says why the command did.
            string command = string.Join(' ', result.Command);
            return (result.CommandTimedOut ? $"the command '{command}' did not end in time in the container and was killed"
                : $"the command '{command}' exited with {result.CommandExitCode} in the container") + (failed is null ? "." : $"; {failed}");
        }

        if (failed is not null)
        {
            return failed;
        }

        if (!result.MultiUserReached)
        {
            return $"the boot did not reach multi-user.target ({result.SystemState}).";
        }

        return $"the test left something behind: {result.LeftBehind[0]}";
    }

    private static IEnumerable<string> HierarchyLines(IReadOnlyDictionary<string, IReadOnlyList<string>> hierarchies) =>
        hierarchies.Count == 0
            ? ["  nothing merged"]
            : hierarchies.OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => $"  {h.Key}: {(h.Value.Count == 0 ? "none" : string.Join(", ", h.Value))}");

    private static IEnumerable<string> RefusedLines(IReadOnlyList<RefusedImage> refused) =>
        refused.Select(r => $"Refused {r.Name} ({r.Path}): {(r.Reasons.Count == 0 ? "systemd-sysext's log gives no reason" : string.Join(" / ", r.Reasons))}");

    private static string LeftBehindLine(IReadOnlyList<string> leftBehind, string clean) =>
        leftBehind.Count == 0 ? $"Nothing left behind: {clean}." : "Left behind: " + string.Join("; ", leftBehind);
}
