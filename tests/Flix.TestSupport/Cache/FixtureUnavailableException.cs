namespace Flix.TestSupport.Cache;

/// <summary>A fixture could not be built (a download failed after its retries); the message names what failed.</summary>
public sealed class FixtureUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
