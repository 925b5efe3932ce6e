namespace Flix.Core.Tree.Overlay;

/// <summary>What <see cref="MetadataOverlay.ApplyTo"/> did.</summary>
/// <param name="Applied">Entries that got the image's metadata back.</param>
/// <param name="Changed">Entries left as they are because they changed on disk since the overlay was made.</param>
/// <param name="Missing">Entries no longer in the tree.</param>
public sealed record MetadataOverlayApplyResult(int Applied, int Changed, int Missing);
