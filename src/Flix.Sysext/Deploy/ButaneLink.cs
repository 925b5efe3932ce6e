namespace Flix.Sysext.Deploy;

/// <summary>A storage.links entry: a symbolic link at <see cref="Path"/> to <see cref="Target"/>.</summary>
public sealed record ButaneLink(string Path, string Target);
