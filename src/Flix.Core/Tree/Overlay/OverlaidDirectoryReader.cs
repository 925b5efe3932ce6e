namespace Flix.Core.Tree.Overlay;

/// <summary>
/// Reads a directory into a tree like <see cref="DirectoryTreeReader"/>, then gives it back the metadata its
/// <see cref="MetadataOverlayFile"/> keeps (owners, modes, devices, xattrs an unprivileged pull could not store).
/// </summary>
public static class OverlaidDirectoryReader
{
    /// <param name="overlay">What the overlay did; null when the directory has none.</param>
    public static FileTree Read(string rootPath, out MetadataOverlayApplyResult? overlay)
    {
        var tree = DirectoryTreeReader.Read(rootPath);
        overlay = MetadataOverlayFile.TryRead(rootPath)?.ApplyTo(tree);
        return tree;
    }
}
