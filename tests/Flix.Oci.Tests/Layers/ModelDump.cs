using System.Text;
using Flix.Core.Tree;

namespace Flix.Oci.Tests.Layers;

/// <summary>A model as text, one line per entry, for assertions and for the unprivileged helper's output.</summary>
internal static class ModelDump
{
    public static string Line(string path, TreeNode node)
    {
        var line = new StringBuilder($"{path} {node.Kind} {Convert.ToString(node.Mode, 8)} {node.Uid}:{node.Gid} t={node.ModificationTime}");
        if (node.Kind is EntryKind.CharacterDevice or EntryKind.BlockDevice)
        {
            line.Append($" dev={node.DeviceMajor}:{node.DeviceMinor}");
        }

        if (node.LinkTarget is not null)
        {
            line.Append(" -> ").Append(node.LinkTarget);
        }

        if (node.Content is not null)
        {
            line.Append(" size=").Append(node.Content.Length);
        }

        foreach (var (name, value) in node.ExtendedAttributes)
        {
            line.Append($" x:{name}={Convert.ToHexString(value)}");
        }

        return line.ToString();
    }

    public static string Describe(FileTree tree) =>
        string.Join('\n', tree.Walk().Select(e => Line(e.Path, e.Node)));
}
