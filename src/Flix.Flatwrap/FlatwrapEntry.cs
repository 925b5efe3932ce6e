using Flix.Sysext.Entries;

namespace Flix.Flatwrap;

/// <summary>
/// One entry point as built: <see cref="Detail"/> is the program the wrapper runs (a path in the private root),
/// the symlink's target, or the unit's source path in the image.
/// </summary>
public sealed record FlatwrapEntry(EntryPoint Entry, FlatwrapEntryKind Kind, string Detail);
