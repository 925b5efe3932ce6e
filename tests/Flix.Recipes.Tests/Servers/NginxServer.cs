using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Flix.Core.Tree;

namespace Flix.Recipes.Tests.Servers;

/// <summary>Debian's nginx serving a folder on 127.0.0.1 and a free port (Range requests included); disposing stops the process it started.</summary>
public sealed class NginxServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _prefix;

    private NginxServer(Process process, string prefix, int port, string root)
    {
        _process = process;
        _prefix = prefix;
        Port = port;
        Root = root;
    }

    public int Port { get; }

    /// <summary>The folder served; files put here appear at the same path after the host.</summary>
    public string Root { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public static async Task<NginxServer> StartAsync()
    {
        var nginx = File.Exists("/usr/sbin/nginx") ? "/usr/sbin/nginx" : throw new InvalidOperationException("nginx is not installed: apt-get install -y nginx (tools/install-deps.sh).");
        var prefix = Directory.CreateTempSubdirectory("flix-nginx-").FullName;
        var root = Path.Combine(prefix, "root");
        Directory.CreateDirectory(root);
        for (var attempt = 1; ; attempt++)
        {
            int port;
            using (var probe = new TcpListener(IPAddress.Loopback, 0))
            {
                probe.Start();
                port = ((IPEndPoint)probe.LocalEndpoint).Port;
            }

            var config = Path.Combine(prefix, "nginx.conf");
            await File.WriteAllTextAsync(config, $$"""
                daemon off;
                master_process off;
                {{(Environment.IsPrivilegedProcess ? "user root;" : string.Empty)}}
                pid {{prefix}}/nginx.pid;
                error_log {{prefix}}/error.log warn;
                events { worker_connections 64; }
                http {
                  access_log off;
                  client_body_temp_path {{prefix}}/body;
                  proxy_temp_path {{prefix}}/proxy;
                  fastcgi_temp_path {{prefix}}/fastcgi;
                  uwsgi_temp_path {{prefix}}/uwsgi;
                  scgi_temp_path {{prefix}}/scgi;
                  default_type application/octet-stream;
                  server { listen 127.0.0.1:{{port}}; root {{root}}; }
                }
                """);
            var process = Process.Start(new ProcessStartInfo(nginx, ["-c", config, "-p", prefix]) { UseShellExecute = false, RedirectStandardError = true })!;
            var server = new NginxServer(process, prefix, port, root);
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            for (var i = 0; i < 50 && !process.HasExited; i++)
            {
                try
                {
                    using var response = await client.GetAsync($"{server.BaseUrl}/");
                    return server;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(100);
                }
            }

            await server.StopAsync();
            if (attempt == 3)
            {
                TreeRemover.Delete(prefix);
                throw new InvalidOperationException($"nginx did not start: {await File.ReadAllTextAsync(Path.Combine(prefix, "error.log"))}");
            }
        }
    }

    /// <summary>Writes <paramref name="content"/> at <paramref name="path"/> below the root.</summary>
    public string Put(string path, byte[] content)
    {
        var file = Path.Combine(Root, path.TrimStart('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllBytes(file, content);
        return $"{BaseUrl}/{path.TrimStart('/')}";
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        TreeRemover.Delete(_prefix);
    }

    private async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
