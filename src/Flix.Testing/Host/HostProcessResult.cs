namespace Flix.Testing.Host;

/// <summary>How a host program ended; the output is empty when it was not captured.</summary>
public sealed record HostProcessResult(int ExitCode, string Output, string Error, bool TimedOut);
