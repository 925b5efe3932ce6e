namespace Flix.Recipes.Fetching;

/// <summary>An artifact in the cache: its path, digest and size, where it came from, and how it was verified.</summary>
public sealed record FetchedArtifact(string Path, Fetch.Digest Digest, long Size, string Source, string Verification, string FileName);
