namespace Flix.TestSupport.Debian;

/// <summary>One <c>deb</c> entry of the machine's apt sources: its URI, suites and components.</summary>
public sealed record AptSource(string Uri, IReadOnlyList<string> Suites, IReadOnlyList<string> Components);
