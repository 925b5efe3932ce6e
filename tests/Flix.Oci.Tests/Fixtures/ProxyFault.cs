using System.Text;
using System.Text.RegularExpressions;

namespace Flix.Oci.Tests.Fixtures;

/// <summary>
/// A fault injected by <see cref="FaultyProxy"/> into requests whose path (with query) matches
/// <see cref="PathPattern"/>, for the first <see cref="Times"/> matches (null: every time).
/// </summary>
public sealed record ProxyFault
{
    public required Regex PathPattern { get; init; }

    public required ProxyFaultKind Kind { get; init; }

    /// <summary>Only requests of this method (GET, HEAD…) match; null matches all.</summary>
    public string? Method { get; init; }

    public int? Times { get; init; }

    public int StatusCode { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public byte[] Body { get; init; } = [];

    public string ContentType { get; init; } = "application/json";

    public long CutAfterBytes { get; init; }

    /// <summary>The body offset a <see cref="ProxyFaultKind.CorruptBody"/> or <see cref="ProxyFaultKind.Stall"/> fault acts at; the size of a <see cref="ProxyFaultKind.Flood"/> or <see cref="ProxyFaultKind.Resize"/>.</summary>
    public long Offset { get; init; }

    /// <summary>How long a <see cref="ProxyFaultKind.Delay"/> fault holds the request.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>The origin a <see cref="ProxyFaultKind.Redirect"/> sends the client to.</summary>
    public Uri? Target { get; init; }

    /// <summary>A registry-style error answer.</summary>
    public static ProxyFault Status(string pathPattern, int statusCode, int? times = null, string? errorCode = null, params KeyValuePair<string, string>[] headers) => new()
    {
        PathPattern = new Regex(pathPattern, RegexOptions.CultureInvariant),
        Kind = ProxyFaultKind.Status,
        StatusCode = statusCode,
        Times = times,
        Headers = headers,
        Body = Encoding.UTF8.GetBytes($$"""{"errors":[{"code":"{{errorCode ?? "FLIX_INJECTED"}}","message":"injected by the test proxy","detail":null}]}"""),
    };

    /// <summary>Any canned answer: a schema 1 manifest, a document the registry would refuse, an HTML error page.</summary>
    public static ProxyFault Respond(string pathPattern, int statusCode, string contentType, byte[] body, int? times = null, params KeyValuePair<string, string>[] headers) => new()
    {
        PathPattern = new Regex(pathPattern, RegexOptions.CultureInvariant),
        Kind = ProxyFaultKind.Status,
        StatusCode = statusCode,
        ContentType = contentType,
        Body = body,
        Times = times,
        Headers = headers,
    };

    /// <summary>A 200 answer of <paramref name="bytes"/> bytes with no length, for response size caps.</summary>
    public static ProxyFault Flood(string pathPattern, long bytes, string contentType = "application/json", int? times = null) => new()
    {
        PathPattern = new Regex(pathPattern, RegexOptions.CultureInvariant),
        Kind = ProxyFaultKind.Flood,
        StatusCode = 200,
        ContentType = contentType,
        Offset = bytes,
        Times = times,
    };

    public static ProxyFault NotFound(string pathPattern, int? times = null) => Status(pathPattern, 404, times, "MANIFEST_UNKNOWN");

    public static ProxyFault ServerError(string pathPattern, int? times = null) => Status(pathPattern, 500, times, "UNKNOWN");

    /// <summary>429 with <c>Retry-After: <paramref name="retryAfter"/></c> (seconds, an HTTP date, or garbage).</summary>
    public static ProxyFault TooManyRequests(string pathPattern, string retryAfter, int? times = null) =>
        Status(pathPattern, 429, times, "TOOMANYREQUESTS", new KeyValuePair<string, string>("Retry-After", retryAfter));

    public static ProxyFault CutBody(string pathPattern, long afterBytes, int? times = null) => new()
    {
        PathPattern = new Regex(pathPattern, RegexOptions.CultureInvariant),
        Kind = ProxyFaultKind.CutBody,
        CutAfterBytes = afterBytes,
        Times = times,
        Method = "GET",
    };

    public static ProxyFault CorruptBody(string pathPattern, long offset = 0, int? times = null) => new()
    {
        PathPattern = new Regex(pathPattern, RegexOptions.CultureInvariant),
        Kind = ProxyFaultKind.CorruptBody,
        Offset = offset,
        Times = times,
        Method = "GET",
    };

    public static ProxyFault Stall(string pathPattern, long afterBytes = 0, int? times = null) => new()
    {
        PathPattern = new Regex(pathPattern, RegexOptions.CultureInvariant),
        Kind = ProxyFaultKind.Stall,
        Offset = afterBytes,
        Times = times,
        Method = "GET",
    };

    public static ProxyFault IgnoreRange(string pathPattern, int? times = null) => new()
    {
        PathPattern = new Regex(pathPattern, RegexOptions.CultureInvariant),
        Kind = ProxyFaultKind.IgnoreRange,
        Times = times,
    };

    /// <summary>Holds matching requests for <paramref name="delay"/> before forwarding them.</summary>
    public static ProxyFault DelayBy(string pathPattern, TimeSpan delay, int? times = null) => new()
    {
        PathPattern = new Regex(pathPattern, RegexOptions.CultureInvariant),
        Kind = ProxyFaultKind.Delay,
        Delay = delay,
        Times = times,
    };

    /// <summary>Sends matching requests to the same path and query on <paramref name="target"/> (e.g. another proxy standing in for blob storage).</summary>
    public static ProxyFault Redirect(string pathPattern, Uri target, int statusCode = 307, int? times = null) => new()
    {
        PathPattern = new Regex(pathPattern, RegexOptions.CultureInvariant),
        Kind = ProxyFaultKind.Redirect,
        StatusCode = statusCode,
        Target = target,
        Times = times,
    };

    /// <summary>A complete 200 answer whose body is the real one cut or zero-padded to <paramref name="bytes"/> bytes: shorter or longer than its descriptor says.</summary>
    public static ProxyFault Resize(string pathPattern, long bytes, int? times = null) => new()
    {
        PathPattern = new Regex(pathPattern, RegexOptions.CultureInvariant),
        Kind = ProxyFaultKind.Resize,
        Offset = bytes,
        Times = times,
        Method = "GET",
    };
}
