namespace Flix.Fetch;

/// <summary>Offline, a fetch needed something the cache does not hold.</summary>
public sealed class OfflineMissingException : FetchException
{
    public OfflineMissingException(string source, string what)
        : base(source, $"Offline, and {what} is not in the cache: {source}. Run once online to fill the cache.")
    {
    }
}
