namespace Flix.Install.Sandbox;

/// <summary>A range of subordinate ids from /etc/subuid or /etc/subgid: <c>Count</c> ids from <c>Start</c>.</summary>
public readonly record struct SubordinateIdRange(uint Start, uint Count);
