namespace Flix.Fetch.Http;

/// <summary>A small answer read whole (an API page, a checksum file, an index page), with the next page's URL when the server links one.</summary>
public sealed record FetchedDocument(byte[] Content, string Source, string? Next);
