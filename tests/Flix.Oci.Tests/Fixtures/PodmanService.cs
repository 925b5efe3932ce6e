using System.Diagnostics;
using System.Net.Sockets;
using Flix.TestSupport.Files;
using Flix.TestSupport.Processes;

namespace Flix.Oci.Tests.Fixtures;

/// <summary>
/// <c>podman system service</c> serving the Docker Engine API on a unix socket in a private folder, with its own
/// storage (<c>--root</c>, <c>--runroot</c>, <c>--tmpdir</c>, the vfs driver): the host's images are never seen or
/// touched. Podman still writes a few fixed paths (netavark's <c>/run/containers/networks</c>, the blob-info cache in
/// <c>/var/lib/containers/cache</c>), so every podman process runs in a private mount namespace with tmpfs over
/// <c>/run</c> and <c>/var/lib/containers</c>. Dispose stops the process it started and removes the folder.
/// </summary>
public sealed class PodmanService : IAsyncDisposable
{
    private readonly Process _process;
    private readonly OutputLog _log = new();

    /// <summary>Mounts tmpfs over the host-wide paths podman writes, in a new mount namespace, then runs podman.</summary>
    private const string PrivateMountsScript =
        "mount -t tmpfs tmpfs /run && { [ ! -d /var/lib/containers ] || mount -t tmpfs tmpfs /var/lib/containers; } && exec \"$@\"";

    private PodmanService(Process process, string folder)
    {
        _process = process;
        Folder = folder;
    }

    public string Folder { get; }

    public string SocketPath => Path.Combine(Folder, "podman.sock");

    /// <summary><c>unix://SOCKET</c>, for <c>DOCKER_HOST</c>.</summary>
    public string DockerHost => "unix://" + SocketPath;

    public string Log => _log.ToString();

    public static async Task<PodmanService> StartAsync(CancellationToken ct = default)
    {
        HostTools.RequireRoot("podman keeps images with their owners only as root");
        string program = HostTools.Require("podman");
        string folder = Directory.CreateTempSubdirectory("flix-podman-").FullName;
        try
        {
            var startInfo = new ProcessStartInfo(HostTools.Require("unshare"), Isolated(program, [.. StorageArguments(folder), "system", "service", "--time=0", "unix://" + Path.Combine(folder, "podman.sock")]))
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Cannot start {program}.");
            var service = new PodmanService(process, folder);
            process.OutputDataReceived += (_, e) => service._log.Append(e.Data);
            process.ErrorDataReceived += (_, e) => service._log.Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!await service.WaitUntilReadyAsync(TimeSpan.FromSeconds(30), ct))
            {
                await service.DisposeAsync();
                throw new InvalidOperationException($"podman system service did not answer on {service.SocketPath}: {service.Log}");
            }

            return service;
        }
        catch
        {
            if (Directory.Exists(folder))
            {
                TempDirectory.DeleteTree(folder);
            }

            throw;
        }
    }

    /// <summary><c>podman load -i ARCHIVE</c> into this service's storage.</summary>
    public Task LoadAsync(string archive, CancellationToken ct = default) =>
        ProcessRunner.RunCheckedAsync("unshare", Isolated(HostTools.Require("podman"), [.. StorageArguments(Folder), "load", "--quiet", "-i", archive]), ct);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        TempDirectory.DeleteTree(Folder);
    }

    /// <summary>The arguments of <c>unshare</c> that run <paramref name="program"/> with private /run and /var/lib/containers.</summary>
    private static string[] Isolated(string program, string[] arguments) =>
        ["--mount", "--propagation", "private", "sh", "-c", PrivateMountsScript, "sh", program, .. arguments];

    /// <summary>Storage and state of this service only; no cgroups, no events, no systemd.</summary>
    private static string[] StorageArguments(string folder) =>
    [
        "--root", Path.Combine(folder, "root"),
        "--runroot", Path.Combine(folder, "runroot"),
        "--tmpdir", Path.Combine(folder, "tmp"),
        "--storage-driver", "vfs",
        "--events-backend", "none",
        "--cgroup-manager", "cgroupfs",
    ];

    private async Task<bool> WaitUntilReadyAsync(TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            if (File.Exists(SocketPath))
            {
                try
                {
                    using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath), ct);
                    return true;
                }
                catch (SocketException)
                {
                }
            }

            await Task.Delay(100, ct);
        }

        return false;
    }

}
