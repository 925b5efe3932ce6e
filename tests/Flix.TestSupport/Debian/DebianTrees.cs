using Flix.TestSupport.Cache;
using Flix.TestSupport.Files;
using Flix.TestSupport.Processes;

namespace Flix.TestSupport.Debian;

/// <summary>
/// Debian root file systems built by mmdebstrap (as root) for the tests of every project, cached machine-wide by
/// <see cref="FixtureCache"/>. mmdebstrap runs in a private mount namespace, so the mounts it makes in the tree
/// (/proc, /sys, /dev) vanish with it even when it is killed, and its downloads are retried
/// (<see cref="DownloadRetry"/>; apt itself also retries each file).
/// </summary>
public static class DebianTrees
{
    /// <summary>Bump when the way trees are built changes.</summary>
    private const int RecipeVersion = 3;

    /// <summary>mtimes are clamped to this (2024-01-02) so that archives of a tree depend on its packages only.</summary>
    public const string SourceDateEpoch = "1704164645";

    /// <summary>The <c>rootfs</c> folder of the cached tree, built on first use.</summary>
    /// <param name="rememberFailure">For a tree that has a fallback: how long a failed build fails again at once.</param>
    public static async Task<string> GetAsync(DebianTreeRequest request, TimeSpan? rememberFailure = null, CancellationToken ct = default)
    {
        string entry = await FixtureCache.GetAsync(
            $"debian-{request.Suite}-{request.Architecture}-{request.Variant}",
            $"v{RecipeVersion} {request.Describe()}",
            (folder, token) => BuildAsync(request, Path.Combine(folder, "rootfs"), token),
            rememberFailure,
            ct);
        return Path.Combine(entry, "rootfs");
    }

    /// <summary>Runs mmdebstrap into <paramref name="target"/> (a folder that does not exist yet), retrying failed downloads.</summary>
    public static async Task BuildAsync(DebianTreeRequest request, string target, CancellationToken ct = default)
    {
        HostTools.RequireRoot("mmdebstrap builds Debian trees as root");
        HostTools.Require("mmdebstrap");
        var arguments = new List<string>
        {
            "--mount", "--propagation", "private", "mmdebstrap", "--arch=" + request.Architecture, "--variant=" + request.Variant,
            "--format=directory", "--aptopt=Acquire::Retries \"3\"",
        };
        if (request.Includes.Count > 0)
        {
            arguments.Add("--include=" + string.Join(',', request.Includes));
        }

        arguments.AddRange([request.Suite, target]);
        if (request.SourcesLine is { } line)
        {
            arguments.Add(line);
        }

        var environment = new Dictionary<string, string> { ["SOURCE_DATE_EPOCH"] = SourceDateEpoch };
        await DownloadRetry.RunAsync($"mmdebstrap {request.Suite} {request.Architecture} {request.Variant}", async _ =>
        {
            TempDirectory.DeleteTree(target); // what a failed attempt left
            return await ProcessRunner.RunAsync("unshare", arguments, environment: environment, timeout: TimeSpan.FromMinutes(20), ct: ct);
        }, ct);
    }
}
