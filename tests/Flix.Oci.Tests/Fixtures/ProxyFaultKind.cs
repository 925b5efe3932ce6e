namespace Flix.Oci.Tests.Fixtures;

/// <summary>What <see cref="FaultyProxy"/> does instead of (or while) forwarding a matching request.</summary>
public enum ProxyFaultKind
{
    /// <summary>Answer with <see cref="ProxyFault.StatusCode"/>, <see cref="ProxyFault.ContentType"/>, the extra headers and body, without forwarding.</summary>
    Status,

    /// <summary>Answer 200 with <see cref="ProxyFault.Offset"/> bytes of <c>[</c> and no Content-Length (the body ends when the connection closes).</summary>
    Flood,

    /// <summary>Forward, send the headers and the first <see cref="ProxyFault.CutAfterBytes"/> body bytes, then close the connection.</summary>
    CutBody,

    /// <summary>Forward without the client's Range header, so the whole body comes back with 200.</summary>
    IgnoreRange,

    /// <summary>Forward, with the body byte at <see cref="ProxyFault.Offset"/> flipped (the digest no longer matches).</summary>
    CorruptBody,

    /// <summary>Forward the headers and the first <see cref="ProxyFault.Offset"/> body bytes, then send nothing more until the client gives up.</summary>
    Stall,

    /// <summary>Wait <see cref="ProxyFault.Delay"/>, then forward; <see cref="FaultyProxy.PeakDelayed"/> tells how many waited at once.</summary>
    Delay,

    /// <summary>Answer <see cref="ProxyFault.StatusCode"/> (a 3xx) with <c>Location</c>: the request's path and query on <see cref="ProxyFault.Target"/>.</summary>
    Redirect,

    /// <summary>Forward without the client's Range header and answer a complete body of exactly <see cref="ProxyFault.Offset"/> bytes (cut, or padded with zeros) and a Content-Length saying so.</summary>
    Resize,
}
