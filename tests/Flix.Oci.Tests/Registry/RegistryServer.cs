using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Flix.Oci.Tests.Registry;

/// <summary>A real distribution registry (Debian's docker-registry) on 127.0.0.1, optionally behind htpasswd basic auth.</summary>
public sealed class RegistryServer : IDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private RegistryServer(Process process, string directory, int port, string? user, string? password)
    {
        _process = process;
        _directory = directory;
        Port = port;
        User = user;
        Password = password;
    }

    public int Port { get; }

    public string Host => $"127.0.0.1:{Port}";

    public string? User { get; }

    public string? Password { get; }

    public static RegistryServer Start(string? user = null, string? password = null)
    {
        var directory = Directory.CreateTempSubdirectory("flix-registry-").FullName;
        var port = FreePort();
        var auth = string.Empty;
        if (user is not null)
        {
            var line = TestProcess.Run("htpasswd", "apache2-utils", "-Bbn", user, password!);
            File.WriteAllText(Path.Combine(directory, "htpasswd"), line.Trim() + "\n");
            auth = $"auth: {{ htpasswd: {{ realm: flix-test, path: {Path.Combine(directory, "htpasswd")} }} }}\n";
        }

        var config = Path.Combine(directory, "config.yml");
        File.WriteAllText(config, $$"""
            version: 0.1
            log: { level: error }
            storage: { filesystem: { rootdirectory: {{Path.Combine(directory, "data")}} } }
            http: { addr: "127.0.0.1:{{port}}" }
            {{auth}}
            """);
        var start = new ProcessStartInfo("docker-registry", ["serve", config]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("docker-registry is needed by the registry tests; install the Debian package docker-registry.", e);
        }

        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RegistryServer(process, directory, port, user, password);
        server.WaitUntilReady();
        return server;
    }

    /// <summary>Pushes <paramref name="layoutTag"/> of an OCI layout with skopeo, all platforms of an index included.</summary>
    public void Push(string layoutDirectory, string layoutTag, string repositoryAndTag)
    {
        var arguments = new List<string> { "--insecure-policy", "copy", "--quiet", "--all", "--dest-tls-verify=false" };
        if (User is not null)
        {
            arguments.Add($"--dest-creds={User}:{Password}");
        }

        arguments.Add($"oci:{layoutDirectory}:{layoutTag}");
        arguments.Add($"docker://{Host}/{repositoryAndTag}");
        TestProcess.Run("skopeo", "skopeo", [.. arguments]);
    }

    public void Dispose()
    {
        try
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void WaitUntilReady()
    {
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"docker-registry exited with {_process.ExitCode} at start.");
            }

            try
            {
                using var response = http.GetAsync($"http://{Host}/v2/").GetAwaiter().GetResult();
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            Thread.Sleep(100);
        }

        throw new TimeoutException("docker-registry did not answer on /v2/ within 15 s.");
    }
}
