namespace Flix.Fetch.Http;

/// <summary>Verified content in the cache: where it is, its digest and size, and the URL it came from.</summary>
public sealed record FetchedContent(string Path, Digest Digest, long Size, string Source, bool FromCache);
