using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Flix.Oci.Daemon;

/// <summary>
/// The one call of the Docker Engine API Flix needs, over a unix socket: <c>GET /images/NAME/get</c>, which streams
/// the image as a <c>docker save</c> tar. Podman's <c>system service</c> serves the same API.
/// </summary>
public sealed class DockerEngineClient : IDisposable
{
    private const int MaxErrorBodySize = 64 * 1024;
    private const int CopyBufferSize = 128 * 1024;
    private readonly HttpClient _http;

    public DockerEngineClient(string socketPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(socketPath);
        SocketPath = socketPath;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectCallback = ConnectAsync,
        };
        _http = new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = new Uri("http://engine/"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public string SocketPath { get; }

    /// <summary>
    /// Writes the <c>docker save</c> tar of <paramref name="image"/> (a name with a tag or digest, or an image id) to
    /// <paramref name="destinationFile"/>, which is created and must not exist, and returns its size.
    /// </summary>
    public async Task<long> SaveImageAsync(string image, string destinationFile, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(image);
        ArgumentException.ThrowIfNullOrEmpty(destinationFile);
        // ':' and '@' are allowed in a path segment and are sent as they are, as the docker CLI does.
        var path = "images/" + string.Join('/', image.Split('/').Select(s => Uri.EscapeDataString(s).Replace("%3A", ":", StringComparison.Ordinal).Replace("%40", "@", StringComparison.Ordinal))) + "/get";
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new DockerEngineUnavailableException($"The engine at '{SocketPath}' did not answer: {e.Message}", SocketPath, e);
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                var detail = await ReadErrorAsync(response, ct).ConfigureAwait(false);
                throw new DockerEngineNotFoundException($"The engine at '{SocketPath}' has no image '{image}'{detail}.", SocketPath, image);
            }

            if (!response.IsSuccessStatusCode)
            {
                var detail = await ReadErrorAsync(response, ct).ConfigureAwait(false);
                throw new DockerEngineProtocolException(
                    $"The engine at '{SocketPath}' answered {(int)response.StatusCode} {response.ReasonPhrase} to saving '{image}'{detail}.", SocketPath, response.StatusCode);
            }

            var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                var destination = new FileStream(destinationFile, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
                await using (destination.ConfigureAwait(false))
                {
                    try
                    {
                        await body.CopyToAsync(destination, CopyBufferSize, ct).ConfigureAwait(false);
                    }
                    catch (HttpIOException e)
                    {
                        throw new DockerEngineUnavailableException($"The engine at '{SocketPath}' broke off sending '{image}': {e.Message}", SocketPath, e);
                    }

                    return destination.Length;
                }
            }
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>The engine's <c>{"message": …}</c>, as ": MESSAGE", or nothing.</summary>
    private static async Task<string> ReadErrorAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var buffer = new byte[MaxErrorBodySize];
        var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            int length = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct).ConfigureAwait(false);
            try
            {
                using var json = JsonDocument.Parse(buffer.AsMemory(0, length));
                return json.RootElement.ValueKind == JsonValueKind.Object
                    && json.RootElement.TryGetProperty("message", out var message)
                    && message.ValueKind == JsonValueKind.String
                    ? ": " + message.GetString()
                    : string.Empty;
            }
            catch (JsonException)
            {
                return string.Empty;
            }
        }
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath), ct).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
