namespace Flix.Core.Tree;

/// <summary>How <see cref="TreeMaterializer"/> writes a tree to disk.</summary>
public sealed record TreeMaterializerOptions
{
    /// <summary>
    /// Give every entry the owner of its node. Needs root unless every node is owned by the caller; when false,
    /// entries keep the caller as owner (a later tool such as <c>mkfs.erofs --all-root</c> normalises them).
    /// </summary>
    public bool ApplyOwners { get; init; } = true;

    /// <summary>Apply the extended attributes of the nodes.</summary>
    public bool ApplyExtendedAttributes { get; init; } = true;
}
