using System.Globalization;
using System.Net.Sockets;
using System.Net;
using System.Text;
using Flix.TestSupport.Oci;

namespace Flix.Oci.Tests.Fixtures;

/// <summary>
/// An HTTP/1.1 proxy on 127.0.0.1 in front of a registry (usually <see cref="LocalRegistry"/>) that injects
/// faults by path: error statuses and canned answers, endless bodies, 429 with Retry-After, bodies cut after N
/// bytes, corrupted, stalled or resized, Range dropped, delays and redirects; and, with
/// <see cref="RequireBearerToken"/>, a token server of its own (<c>/token</c>) with the Bearer challenge, or with
/// <see cref="RequireBasicAuth"/> a Basic challenge. Every response closes its connection. Requests are forwarded
/// with their Range header; upload Locations are rewritten to point back at the proxy.
/// </summary>
public sealed partial class FaultyProxy : IAsyncDisposable
{
    private const int MaxHeaderBytes = 64 * 1024;

    private readonly TcpListener _listener;
    private readonly Uri _upstream;
    private readonly HttpClient _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<ProxyFault> _faults = [];
    private readonly Dictionary<ProxyFault, int> _used = [];
    private readonly List<ProxyRequest> _requests = [];
    private readonly object _delayGate = new();
    private readonly Task _acceptLoop;
    private int _delayed;
    private int _peakDelayed;

    private FaultyProxy(Uri upstream, string? upstreamAuthorization)
    {
        _upstream = upstream;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            Timeout = TimeSpan.FromMinutes(2),
        };
        if (upstreamAuthorization is not null)
        {
            _client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", upstreamAuthorization);
        }

        _acceptLoop = AcceptLoopAsync(_stop.Token);
    }

    public int Port { get; }

    public string Host => $"127.0.0.1:{Port}";

    public Uri BaseAddress => new($"http://{Host}/");

    /// <summary>Starts a proxy to <paramref name="upstream"/> (e.g. <see cref="LocalRegistry.BaseAddress"/>).</summary>
    public static FaultyProxy Start(Uri upstream) => new(upstream, null);

    /// <summary>Starts a proxy to <paramref name="registry"/>, sending its basic credentials upstream when it has them.</summary>
    public static FaultyProxy Start(LocalRegistry registry) => new(registry.BaseAddress,
        registry.UserName is null ? null : "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{registry.UserName}:{registry.Password}")));

    /// <summary>Requests seen so far, in arrival order.</summary>
    public IReadOnlyList<ProxyRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return _requests.ToList();
            }
        }
    }

    /// <summary>The most requests that <see cref="ProxyFaultKind.Delay"/> faults held at the same time.</summary>
    public int PeakDelayed
    {
        get
        {
            lock (_delayGate)
            {
                return _peakDelayed;
            }
        }
    }

    public void AddFault(ProxyFault fault)
    {
        lock (_faults)
        {
            _faults.Add(fault);
        }
    }

    public void ClearFaults()
    {
        lock (_faults)
        {
            _faults.Clear();
            _used.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (OperationCanceledException)
        {
        }

        _client.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(ct);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(socket, ct), CancellationToken.None);
        }
    }

    private async Task ServeAsync(Socket socket, CancellationToken ct)
    {
        using (socket)
        await using (var stream = new NetworkStream(socket, ownsSocket: false))
        {
            try
            {
                var request = await ReadRequestAsync(stream, ct);
                if (request is null)
                {
                    return;
                }

                await HandleAsync(request, stream, ct);
                await stream.FlushAsync(ct);
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or HttpRequestException or InvalidDataException)
            {
                // The client went away, or the test ended: nothing to answer.
            }
        }
    }

    private async Task HandleAsync(ProxyHttpRequest request, Stream client, CancellationToken ct)
    {
        if (request.Path == "/token")
        {
            // A canned answer may stand in for the token server's.
            if (TakeFault(request, statusOnly: true) is { } canned)
            {
                await WriteFaultAsync(client, request, canned, ct);
            }
            else
            {
                await AnswerTokenAsync(request, client, ct);
            }

            return;
        }

        if (await ChallengeAsync(request, client, ct))
        {
            return;
        }

        var fault = TakeFault(request);
        switch (fault?.Kind)
        {
            case ProxyFaultKind.Status:
                await WriteFaultAsync(client, request, fault, ct);
                return;
            case ProxyFaultKind.Redirect:
                await WriteSimpleAsync(client, request, fault.StatusCode, [.. fault.Headers, new("Location", new Uri(fault.Target!, request.PathAndQuery).ToString())], [], fault.Kind, ct);
                return;
            case ProxyFaultKind.Flood:
                await FloodAsync(request, client, fault, ct);
                return;
            case ProxyFaultKind.Delay:
                await DelayAsync(fault, ct);
                break;
        }

        await ForwardAsync(request, client, fault, ct);
    }

    private async Task WriteFaultAsync(Stream client, ProxyHttpRequest request, ProxyFault fault, CancellationToken ct) =>
        await WriteSimpleAsync(client, request, fault.StatusCode, [.. fault.Headers, new("Content-Type", fault.ContentType)], fault.Body, fault.Kind, ct);

    private async Task FloodAsync(ProxyHttpRequest request, Stream client, ProxyFault fault, CancellationToken ct)
    {
        Record(request, fault.StatusCode, fault.Kind);
        await client.WriteAsync(Encoding.Latin1.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: {fault.ContentType}\r\nConnection: close\r\n\r\n"), ct);
        var chunk = new byte[64 * 1024];
        chunk.AsSpan().Fill((byte)'[');
        for (long left = fault.Offset; left > 0; left -= chunk.Length)
        {
            await client.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, left)), ct);
        }
    }

    private async Task DelayAsync(ProxyFault fault, CancellationToken ct)
    {
        lock (_delayGate)
        {
            _delayed++;
            _peakDelayed = Math.Max(_peakDelayed, _delayed);
        }

        try
        {
            await Task.Delay(fault.Delay, ct);
        }
        finally
        {
            lock (_delayGate)
            {
                _delayed--;
            }
        }
    }

    private ProxyFault? TakeFault(ProxyHttpRequest request, bool statusOnly = false)
    {
        lock (_faults)
        {
            foreach (var fault in _faults)
            {
                if ((!statusOnly || fault.Kind == ProxyFaultKind.Status)
                    && (fault.Method is null || string.Equals(fault.Method, request.Method, StringComparison.OrdinalIgnoreCase))
                    && fault.PathPattern.IsMatch(request.PathAndQuery))
                {
                    int used = _used.GetValueOrDefault(fault);
                    if (fault.Times is { } limit && used >= limit)
                    {
                        continue;
                    }

                    _used[fault] = used + 1;
                    return fault;
                }
            }
        }

        return null;
    }

    private async Task ForwardAsync(ProxyHttpRequest request, Stream client, ProxyFault? fault, CancellationToken ct)
    {
        var target = new Uri(_upstream, request.PathAndQuery);
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), target);
        foreach (var (name, value) in request.Headers)
        {
            if (IsHopByHop(name) || name.Equals("Host", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)
                || (name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) && _authPattern is not null)
                || (name.Equals("Range", StringComparison.OrdinalIgnoreCase) && fault is { Kind: ProxyFaultKind.IgnoreRange or ProxyFaultKind.Resize }))
            {
                continue;
            }

            message.Headers.TryAddWithoutValidation(name, value);
        }

        if (request.Body.Length > 0 || request.Method is "PUT" or "POST" or "PATCH")
        {
            message.Content = new ByteArrayContent(request.Body);
            if (request.Header("Content-Type") is { } contentType)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        using var response = await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, ct);
        int status = (int)response.StatusCode;
        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {response.ReasonPhrase}\r\n");
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (IsHopByHop(name) || (fault is { Kind: ProxyFaultKind.Resize } && name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            foreach (var value in values)
            {
                string written = name.Equals("Location", StringComparison.OrdinalIgnoreCase)
                    ? value.Replace(_upstream.GetLeftPart(UriPartial.Authority), BaseAddress.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal)
                    : value;
                head.Append(CultureInfo.InvariantCulture, $"{name}: {written}\r\n");
            }
        }

        if (fault is { Kind: ProxyFaultKind.Resize })
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Length: {fault.Offset}\r\n");
        }

        head.Append("Connection: close\r\n\r\n");
        Record(request, status, fault?.Kind);
        await client.WriteAsync(Encoding.Latin1.GetBytes(head.ToString()), ct);
        if (request.Method == "HEAD")
        {
            return;
        }

        await using var body = await response.Content.ReadAsStreamAsync(ct);
        switch (fault?.Kind)
        {
            case ProxyFaultKind.CutBody:
                await CopyAtMostAsync(body, client, fault.CutAfterBytes, ct);
                return;
            case ProxyFaultKind.Stall:
                await CopyAtMostAsync(body, client, fault.Offset, ct);
                await client.FlushAsync(ct);
                await Task.Delay(Timeout.Infinite, ct);
                return;
            case ProxyFaultKind.CorruptBody:
                await CopyAtMostAsync(body, client, fault.Offset, ct);
                var one = new byte[1];
                if (await body.ReadAsync(one, ct) == 1)
                {
                    one[0] ^= 0xFF;
                    await client.WriteAsync(one, ct);
                }

                await body.CopyToAsync(client, ct);
                return;
            case ProxyFaultKind.Resize:
                long copied = await CopyAtMostAsync(body, client, fault.Offset, ct);
                await client.WriteAsync(new byte[fault.Offset - copied], ct);
                return;
            default:
                await body.CopyToAsync(client, ct);
                return;
        }
    }

    private async Task WriteSimpleAsync(Stream client, ProxyHttpRequest request, int status, IEnumerable<KeyValuePair<string, string>> headers, string body, ProxyFaultKind? fault, CancellationToken ct) =>
        await WriteSimpleAsync(client, request, status, headers, Encoding.UTF8.GetBytes(body), fault, ct);

    private async Task WriteSimpleAsync(Stream client, ProxyHttpRequest request, int status, IEnumerable<KeyValuePair<string, string>> headers, byte[] content, ProxyFaultKind? fault, CancellationToken ct)
    {
        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {ReasonPhrase(status)}\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        head.Append(CultureInfo.InvariantCulture, $"Content-Length: {content.Length}\r\nConnection: close\r\n\r\n");
        Record(request, status, fault);
        await client.WriteAsync(Encoding.Latin1.GetBytes(head.ToString()), ct);
        if (request.Method != "HEAD")
        {
            await client.WriteAsync(content, ct);
        }
    }

    private void Record(ProxyHttpRequest request, int status, ProxyFaultKind? fault)
    {
        lock (_requests)
        {
            _requests.Add(new ProxyRequest(request.Method, request.PathAndQuery, request.Header("Range"), request.Header("Authorization"), status, fault));
        }
    }

    /// <summary>Copies up to <paramref name="limit"/> bytes; returns how many there were.</summary>
    private static async Task<long> CopyAtMostAsync(Stream source, Stream destination, long limit, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        long left = limit;
        while (left > 0)
        {
            int read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), ct);
            if (read == 0)
            {
                break;
            }

            await destination.WriteAsync(buffer.AsMemory(0, read), ct);
            left -= read;
        }

        return limit - left;
    }

    private static bool IsHopByHop(string name) =>
        name.Equals("Connection", StringComparison.OrdinalIgnoreCase) || name.Equals("Keep-Alive", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) || name.Equals("Proxy-Connection", StringComparison.OrdinalIgnoreCase)
        || name.Equals("TE", StringComparison.OrdinalIgnoreCase) || name.Equals("Upgrade", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Trailer", StringComparison.OrdinalIgnoreCase);

    private static string ReasonPhrase(int status) => status switch
    {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        307 => "Temporary Redirect",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    };
}
