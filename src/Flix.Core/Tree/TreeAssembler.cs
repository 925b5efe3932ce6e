using System.Text;

namespace Flix.Core.Tree;

/// <summary>
/// Builds a <see cref="FileTree"/> from the entries an image reader walks (parents before their children): one
/// node per inode, so that the names of a hard link share it; the checks every image format needs are made here.
/// Errors name the image.
/// </summary>
/// <typeparam name="TInode">What identifies an inode in the format (a SquashFS inode number, an EROFS nid).</typeparam>
public sealed class TreeAssembler<TInode>
    where TInode : notnull
{
    private readonly string _image;
    private readonly Dictionary<TInode, TreeNode> _nodes = [];
    private readonly Dictionary<string, TreeNode> _directories = new(StringComparer.Ordinal);

    public TreeAssembler(string image, TInode rootInode, TreeNode root)
    {
        ArgumentNullException.ThrowIfNull(root);
        _image = image;
        _nodes[rootInode] = root;
        _directories[string.Empty] = root;
        Tree = new FileTree(root);
    }

    public FileTree Tree { get; }

    /// <summary>Adds the entry at <paramref name="path"/>; <paramref name="create"/> makes its node for the first name of the inode.</summary>
    /// <exception cref="InvalidDataException">The inode is already another kind of entry, or a directory seen twice.</exception>
    /// <exception cref="NotSupportedException">A name longer than <see cref="TreeNode.MaxNameBytes"/> bytes.</exception>
    public void Add(string path, TInode inode, EntryKind kind, Func<TreeNode> create)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(create);
        int slash = path.LastIndexOf('/');
        string parent = slash < 0 ? string.Empty : path[..slash];
        string name = path[(slash + 1)..];
        if (Encoding.UTF8.GetByteCount(name) > TreeNode.MaxNameBytes)
        {
            throw new NotSupportedException($"{_image}: the name of '{path}' is longer than {TreeNode.MaxNameBytes} bytes.");
        }

        if (_nodes.TryGetValue(inode, out var node))
        {
            if (node.Kind != kind || kind == EntryKind.Directory)
            {
                throw new InvalidDataException($"{_image}: inode number {inode} of '{path}' is already used by another {node.Kind}.");
            }
        }
        else
        {
            node = create();
            _nodes[inode] = node;
        }

        if (!_directories.TryGetValue(parent, out var directory))
        {
            throw new InvalidDataException($"{_image}: '{path}' comes before its folder.");
        }

        directory.SetChild(name, node);
        if (kind == EntryKind.Directory)
        {
            _directories[path] = node;
        }
    }
}
