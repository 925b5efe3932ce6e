using System.Net;
using System.Net.Http.Headers;

namespace Flix.Fetch.Http;

/// <summary>The HTTP client every Flix fetch uses: redirects followed by the caller (so credentials stay with their origin), bytes as sent, no overall timeout (stalls are guarded per read).</summary>
public static class FlixHttpClient
{
    /// <summary>A client over <paramref name="handler"/> (not disposed with it), or over a new handler of Flix's settings when null.</summary>
    public static HttpClient Create(HttpMessageHandler? handler)
    {
        var client = new HttpClient(
            handler ?? new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.None,
                ConnectTimeout = TimeSpan.FromSeconds(30),
            },
            disposeHandler: handler is null)
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("flix", "1.0"));
        return client;
    }
}
