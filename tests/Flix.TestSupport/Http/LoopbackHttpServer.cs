using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Flix.TestSupport.Http;

/// <summary>
/// A real HTTP server on 127.0.0.1 and a free port (HttpListener), answering with a handler the test gives, and
/// recording every request it saw. Disposing stops it.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly Func<HttpListenerContext, Task> _handler;
    private readonly Task _loop;
    private readonly CancellationTokenSource _stop = new();

    private LoopbackHttpServer(HttpListener listener, int port, Func<HttpListenerContext, Task> handler)
    {
        _listener = listener;
        _handler = handler;
        Port = port;
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    /// <summary><c>http://127.0.0.1:PORT</c>, without a trailing slash.</summary>
    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Every request, in arrival order.</summary>
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Starts a server; a port taken between picking and binding is retried.</summary>
    public static LoopbackHttpServer Start(Func<HttpListenerContext, Task> handler)
    {
        for (var attempt = 1; ; attempt++)
        {
            int port;
            using (var probe = new TcpListener(IPAddress.Loopback, 0))
            {
                probe.Start();
                port = ((IPEndPoint)probe.LocalEndpoint).Port;
            }

            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return new LoopbackHttpServer(listener, port, handler);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }

    /// <summary>Writes <paramref name="content"/> as the answer, honouring a <c>Range: bytes=N-</c> request with 206.</summary>
    public static async Task ServeBytesAsync(HttpListenerContext context, byte[] content, string contentType = "application/octet-stream")
    {
        var response = context.Response;
        response.ContentType = contentType;
        long from = 0;
        var range = context.Request.Headers["Range"];
        if (range is not null && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-')
            && long.TryParse(range["bytes=".Length..^1], out var start) && start < content.Length)
        {
            from = start;
            response.StatusCode = 206;
            response.AddHeader("Content-Range", $"bytes {from}-{content.Length - 1}/{content.Length}");
        }

        response.ContentLength64 = content.Length - from;
        await response.OutputStream.WriteAsync(content.AsMemory((int)from));
        response.Close();
    }

    /// <summary>Answers with a status and a text body.</summary>
    public static async Task ServeTextAsync(HttpListenerContext context, int status, string body, string contentType = "text/plain")
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(body);
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();

        // Close only: Stop and then Close would unbind twice, and HttpListener's second unbinding binds the port
        // again to find its endpoint, which fails with "Address already in use" once another test has taken it.
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var request = context.Request;
            Requests.Enqueue(new RecordedRequest(
                request.HttpMethod, request.RawUrl ?? "/", request.Headers["Range"], request.Headers["Authorization"]));
            _ = Task.Run(async () =>
            {
                try
                {
                    await _handler(context);
                }
                catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
                {
                    // The client went away, or the handler cut the answer on purpose.
                }
            });
        }
    }
}
