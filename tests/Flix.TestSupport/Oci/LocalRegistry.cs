using System.Diagnostics;
using System.Net.Sockets;
using System.Net;
using Flix.TestSupport.Files;
using Flix.TestSupport.Processes;

namespace Flix.TestSupport.Oci;

/// <summary>
/// Debian's <c>docker-registry</c> (the CNCF distribution registry) on 127.0.0.1 and a free port, with a
/// temporary config and storage, optionally behind htpasswd basic auth. Images are pushed with skopeo
/// from an OCI layout. Disposing kills the process it started and deletes its folder.
/// </summary>
public sealed partial class LocalRegistry : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _folder;
    private readonly OutputLog _log = new();

    private LocalRegistry(Process process, string folder, int port, string? userName, string? password)
    {
        _process = process;
        _folder = folder;
        Port = port;
        UserName = userName;
        Password = password;
    }

    public int Port { get; }

    /// <summary><c>127.0.0.1:PORT</c>, the host part of image references.</summary>
    public string Host => $"127.0.0.1:{Port}";

    public Uri BaseAddress => new($"http://{Host}/");

    public string? UserName { get; }

    public string? Password { get; }

    /// <summary>
    /// The file the registry stores blob <paramref name="digest"/> (<c>sha256:HEX</c>) in: tests overwrite it to make
    /// the registry serve bytes that do not match their digest, as a corrupted store or a hostile mirror would.
    /// </summary>
    public string BlobStoragePath(string digest) =>
        Path.Combine(_folder, "data", "docker", "registry", "v2", "blobs", "sha256", digest[7..9], digest[7..], "data");

    /// <summary>What the registry wrote to stdout and stderr so far (for failure messages).</summary>
    public string Log => _log.ToString();

    /// <summary>Starts a registry; with <paramref name="userName"/> and <paramref name="password"/> it requires basic auth.</summary>
    public static async Task<LocalRegistry> StartAsync(string? userName = null, string? password = null, CancellationToken ct = default)
    {
        string program = HostTools.Require("docker-registry");
        string folder = Directory.CreateTempSubdirectory("flix-registry-").FullName;
        try
        {
            string auth = string.Empty;
            if (userName is not null)
            {
                ArgumentNullException.ThrowIfNull(password);
                string htpasswd = Path.Combine(folder, "htpasswd");
                await ProcessRunner.RunCheckedAsync("htpasswd", ["-B", "-b", "-c", htpasswd, userName, password], ct);
                auth = $"auth:\n  htpasswd:\n    realm: flix-test\n    path: {htpasswd}\n";
            }

            // A port picked free can be taken before the registry binds it; try a few.
            for (int attempt = 1; ; attempt++)
            {
                int port = FreePort();
                string config = Path.Combine(folder, "config.yml");
                await File.WriteAllTextAsync(config,
                    "version: 0.1\n" +
                    "log:\n  level: warn\n  accesslog:\n    disabled: true\n" +
                    $"storage:\n  filesystem:\n    rootdirectory: {Path.Combine(folder, "data")}\n  delete:\n    enabled: true\n" +
                    $"http:\n  addr: 127.0.0.1:{port}\n" +
                    auth, ct);

                var startInfo = new ProcessStartInfo(program, ["serve", config])
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                };
                var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Cannot start {program}.");
                var registry = new LocalRegistry(process, folder, port, userName, password);
                process.OutputDataReceived += (_, e) => registry._log.Append(e.Data);
                process.ErrorDataReceived += (_, e) => registry._log.Append(e.Data);
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                if (await registry.WaitUntilReadyAsync(TimeSpan.FromSeconds(20), ct))
                {
                    return registry;
                }

                await registry.StopProcessAsync();
                if (attempt == 3)
                {
                    throw new InvalidOperationException($"docker-registry did not answer GET /v2/ on 127.0.0.1:{port}: {registry.Log}");
                }
            }
        }
        catch
        {
            TempDirectory.DeleteTree(folder);
            throw;
        }
    }

    /// <summary>
    /// Pushes <paramref name="layoutTag"/> of the OCI layout <paramref name="layoutDirectory"/> to <c>HOST/REPO:TAG</c>
    /// with <c>skopeo copy</c>; <paramref name="all"/> copies every image of an index.
    /// </summary>
    public async Task<string> PushAsync(string layoutDirectory, string repositoryAndTag, string? layoutTag = null, bool all = false, CancellationToken ct = default)
    {
        string tag = layoutTag ?? repositoryAndTag[(repositoryAndTag.LastIndexOf(':') + 1)..];
        string reference = $"{Host}/{repositoryAndTag}";
        var arguments = new List<string> { "copy", "--quiet", "--dest-tls-verify=false", "--preserve-digests" };
        if (all)
        {
            arguments.Add("--all");
        }

        if (UserName is not null)
        {
            arguments.Add($"--dest-creds={UserName}:{Password}");
        }

        arguments.Add($"oci:{layoutDirectory}:{tag}");
        arguments.Add($"docker://{reference}");
        var result = await ProcessRunner.RunAsync("skopeo", arguments, ct: ct);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(result.Describe() + Environment.NewLine + "--- registry ---" + Environment.NewLine + Log);
        }

        return reference;
    }

    /// <summary>Copies <c>HOST/REPO:TAG</c> back into an OCI layout with skopeo (the reference pull).</summary>
    public async Task PullToLayoutAsync(string repositoryAndTag, string layoutDirectory, string layoutTag, bool all = false, CancellationToken ct = default)
    {
        var arguments = new List<string> { "copy", "--quiet", "--src-tls-verify=false" };
        if (all)
        {
            arguments.Add("--all");
        }

        if (UserName is not null)
        {
            arguments.Add($"--src-creds={UserName}:{Password}");
        }

        arguments.Add($"docker://{Host}/{repositoryAndTag}");
        arguments.Add($"oci:{layoutDirectory}:{layoutTag}");
        await ProcessRunner.RunCheckedAsync("skopeo", arguments, ct);
    }

    public async ValueTask DisposeAsync()
    {
        await StopProcessAsync();
        TempDirectory.DeleteTree(_folder);
    }

    private async Task StopProcessAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
    }

    private async Task<bool> WaitUntilReadyAsync(TimeSpan limit, CancellationToken ct)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < limit)
        {
            if (_process.HasExited)
            {
                return false;
            }

            try
            {
                using var response = await client.GetAsync(new Uri(BaseAddress, "v2/"), ct);
                // 401 is the answer of a registry that requires auth: it is up.
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
            }

            await Task.Delay(100, ct);
        }

        return false;
    }

    /// <summary>A TCP port free on 127.0.0.1 right now (for a server the test starts next).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
