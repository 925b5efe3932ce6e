using Flix.Core;

namespace Flix.Fetch;

/// <summary>A download that failed: a server that cannot be reached, an error status, content missing offline.</summary>
public class FetchException : FlixException
{
    public FetchException(string source, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Source = source;
    }

    /// <summary>The URL or path that was fetched (after mirrors).</summary>
    public new string Source { get; }
}
