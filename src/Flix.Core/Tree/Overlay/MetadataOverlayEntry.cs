namespace Flix.Core.Tree.Overlay;

/// <summary>One entry whose metadata on disk is not what the image says.</summary>
/// <param name="Path">The entry's path below the root, '/'-separated; "" is the root itself.</param>
/// <param name="Image">What the image says the entry is.</param>
/// <param name="Disk">What was left on disk instead, when the overlay was made.</param>
public sealed record MetadataOverlayEntry(string Path, NodeMetadata Image, NodeMetadata Disk);
