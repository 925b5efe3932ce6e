namespace Flix.TestSupport.Http;

/// <summary>A request a <see cref="LoopbackHttpServer"/> saw: method, path with query, and the headers tests look at.</summary>
public sealed record RecordedRequest(string Method, string PathAndQuery, string? Range, string? Authorization);
