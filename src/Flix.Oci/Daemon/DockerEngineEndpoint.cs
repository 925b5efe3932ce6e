using Flix.Oci.Sources;

namespace Flix.Oci.Daemon;

/// <summary>
/// Finds the unix socket of a Docker-compatible engine: <c>DOCKER_HOST=unix://PATH</c> when set, else the first of
/// <c>/var/run/docker.sock</c>, <c>$XDG_RUNTIME_DIR/podman/podman.sock</c> and <c>/run/podman/podman.sock</c> that exists.
/// </summary>
public static class DockerEngineEndpoint
{
    private const string UnixScheme = "unix://";
    private const string DockerSocket = "/var/run/docker.sock";
    private const string RootPodmanSocket = "/run/podman/podman.sock";

    /// <summary>The socket path to use, read from <paramref name="options"/>' environment.</summary>
    /// <exception cref="DockerEngineUnavailableException">No socket is there; the message names every path tried.</exception>
    /// <exception cref="NotSupportedException"><c>DOCKER_HOST</c> names something other than a unix socket.</exception>
    public static string Resolve(ImageSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var host = options.GetEnvironmentVariable("DOCKER_HOST");
        if (!string.IsNullOrEmpty(host))
        {
            if (!host.StartsWith(UnixScheme, StringComparison.Ordinal) || host.Length == UnixScheme.Length)
            {
                throw new NotSupportedException($"DOCKER_HOST '{host}' is not a unix socket (unix:///PATH); Flix talks to an engine over a local socket only.");
            }

            var path = host[UnixScheme.Length..];
            return IsPresent(path) ? path : throw Unavailable([path], "DOCKER_HOST");
        }

        var candidates = new List<string> { DockerSocket };
        var runtime = options.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        if (!string.IsNullOrEmpty(runtime) && Path.IsPathRooted(runtime))
        {
            candidates.Add(Path.Combine(runtime, "podman", "podman.sock"));
        }

        candidates.Add(RootPodmanSocket);
        return candidates.FirstOrDefault(IsPresent) ?? throw Unavailable(candidates, null);
    }

    /// <summary>Present and not a directory; whether an engine listens there shows on connecting.</summary>
    private static bool IsPresent(string path) => File.Exists(path);

    private static DockerEngineUnavailableException Unavailable(IReadOnlyList<string> tried, string? variable) =>
        new(
            $"No Docker or Podman engine socket at {string.Join(", ", tried)}{(variable is null ? string.Empty : $" (from {variable})")}; "
            + "start the engine or set DOCKER_HOST=unix:///PATH, or save the image with 'docker save -o FILE IMAGE' and use docker-archive:FILE.",
            string.Join(", ", tried));
}
