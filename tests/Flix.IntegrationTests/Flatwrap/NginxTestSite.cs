using System.Net;
using System.Net.Sockets;

namespace Flix.IntegrationTests.Flatwrap;

/// <summary>An nginx configuration for tests: every writable path in the run folder, one page, listening on 127.0.0.1 only.</summary>
public static class NginxTestSite
{
    /// <summary>Writes nginx.conf, www/index.html holding <paramref name="page"/>, logs/ and temp/ into <paramref name="run"/>.</summary>
    public static void Write(RunDirectory run, int port, string page)
    {
        string www = run.CreateSubdirectory("www");
        run.CreateSubdirectory("logs");
        run.CreateSubdirectory("temp");
        File.WriteAllText(Path.Combine(www, "index.html"), page);
        File.SetUnixFileMode(Path.Combine(www, "index.html"), (UnixFileMode)0x1A4);
        string d = run.Path;
        File.WriteAllText(run.Combine("nginx.conf"), $$"""
            worker_processes 1;
            pid {{d}}/nginx.pid;
            error_log {{d}}/logs/error.log;
            events { worker_connections 16; }
            http {
              access_log off;
              client_body_temp_path {{d}}/temp/body;
              proxy_temp_path {{d}}/temp/proxy;
              fastcgi_temp_path {{d}}/temp/fastcgi;
              uwsgi_temp_path {{d}}/temp/uwsgi;
              scgi_temp_path {{d}}/temp/scgi;
              server {
                listen 127.0.0.1:{{port}};
                root {{www}};
              }
            }

            """);
        File.SetUnixFileMode(run.Combine("nginx.conf"), (UnixFileMode)0x1A4);
    }

    /// <summary>A TCP port on 127.0.0.1 that was free a moment ago.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
