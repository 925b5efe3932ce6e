using System.Net;

namespace Flix.Oci.Tests.Registry;

/// <summary>
/// An HTTP front on 127.0.0.1 that forwards to a real registry. A test's handler sees each request first and may
/// answer it itself (return true): to demand a bearer token, serve tokens, inject failures or cut a transfer.
/// </summary>
public sealed class FakeFront : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly HttpClient _upstream = new(new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None });
    private readonly string _upstreamHost;
    private readonly Func<HttpListenerContext, Task<bool>> _handler;
    private readonly Task _loop;
    private readonly List<string> _log = [];

    public FakeFront(string upstreamHost, Func<HttpListenerContext, Task<bool>> handler)
    {
        _upstreamHost = upstreamHost;
        _handler = handler;
        for (var tries = 0; ; tries++)
        {
            Port = RegistryServer.FreePort();
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (tries < 5)
            {
            }
        }

        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string Host => $"127.0.0.1:{Port}";

    /// <summary>"METHOD PATH [Range: …] [Authorization: scheme]" for every request received, in order.</summary>
    public IReadOnlyList<string> Log
    {
        get
        {
            lock (_log)
            {
                return [.. _log];
            }
        }
    }

    public void Dispose()
    {
        try
        {
            // Close stops too; on Linux the managed listener can report the port as in use while it unbinds.
            _listener.Close();
        }
        catch (HttpListenerException)
        {
        }
        try
        {
            _loop.Wait(2000);
        }
        catch (AggregateException)
        {
        }

        _upstream.Dispose();
    }

    /// <summary>Forwards the request to the registry and copies the answer back.</summary>
    public async Task ForwardAsync(HttpListenerContext context, bool passRange = true)
    {
        var request = context.Request;
        using var message = new HttpRequestMessage(new HttpMethod(request.HttpMethod), $"http://{_upstreamHost}{request.RawUrl}");
        foreach (var name in (string[])["Accept", "Range"])
        {
            if (request.Headers[name] is { } value && (name != "Range" || passRange))
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await _upstream.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
        var output = context.Response;
        output.StatusCode = (int)response.StatusCode;
        foreach (var header in response.Headers.Concat(response.Content.Headers))
        {
            if (header.Key is "Content-Length" or "Transfer-Encoding" or "Connection" or "Date")
            {
                continue;
            }

            output.Headers[header.Key] = string.Join(", ", header.Value);
        }

        if (response.Content.Headers.ContentLength is { } length)
        {
            output.ContentLength64 = length;
        }

        await using (var body = await response.Content.ReadAsStreamAsync())
        {
            await body.CopyToAsync(output.OutputStream);
        }

        output.Close();
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
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

            _ = Task.Run(async () =>
            {
                var entry = $"{context.Request.HttpMethod} {context.Request.RawUrl}";
                if (context.Request.Headers["Range"] is { } range)
                {
                    entry += " Range: " + range;
                }

                if (context.Request.Headers["Authorization"] is { } auth)
                {
                    entry += " Authorization: " + auth.Split(' ')[0];
                }

                lock (_log)
                {
                    _log.Add(entry);
                }

                try
                {
                    if (!await _handler(context))
                    {
                        await ForwardAsync(context);
                    }
                }
                catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException or HttpRequestException)
                {
                    try
                    {
                        context.Response.Abort();
                    }
                    catch (ObjectDisposedException)
                    {
                    }
                }
            });
        }
    }
}
