namespace Flix.Oci.Tests.Fixtures;

/// <summary>One request the proxy saw, and what it answered.</summary>
public sealed record ProxyRequest(string Method, string PathAndQuery, string? Range, string? Authorization, int StatusCode, ProxyFaultKind? Fault);
