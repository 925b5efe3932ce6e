using System.Net;

namespace Flix.Fetch.Http;

/// <summary>A server answered a fetch with an error status: what it sent is never taken as the content.</summary>
public sealed class HttpStatusException : FetchException
{
    public HttpStatusException(Uri uri, HttpStatusCode status, string? reason, string? bodyHint)
        : base(uri.ToString(), $"{uri} answered HTTP {(int)status}{(string.IsNullOrEmpty(reason) ? string.Empty : " " + reason)}{bodyHint}.")
    {
        Uri = uri;
        StatusCode = status;
    }

    public Uri Uri { get; }

    public HttpStatusCode StatusCode { get; }
}
