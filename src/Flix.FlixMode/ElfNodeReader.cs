using Flix.Core.Tree;
using Flix.Elf;

namespace Flix.FlixMode;

/// <summary>Reads files of a tree model (on disk or in memory) and parses the ELF ones.</summary>
public static class ElfNodeReader
{
    private static ReadOnlySpan<byte> Magic => [0x7F, (byte)'E', (byte)'L', (byte)'F'];

    /// <summary>Whether the regular file <paramref name="node"/> starts with the ELF magic number.</summary>
    public static bool StartsWithElfMagic(TreeNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node.Kind != EntryKind.RegularFile || node.Content is null || node.Content.Length < Magic.Length)
        {
            return false;
        }

        if (node.Content is MemoryFileContent memory)
        {
            return memory.Data.Span.StartsWith(Magic);
        }

        Span<byte> head = stackalloc byte[4];
        using var stream = node.Content.OpenRead();
        return stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) == head.Length && head.SequenceEqual(Magic);
    }

    /// <summary>The whole content of the regular file <paramref name="node"/>.</summary>
    public static byte[] ReadAllBytes(TreeNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var content = node.Content ?? throw new ArgumentException("The node is not a regular file.", nameof(node));
        switch (content)
        {
            case MemoryFileContent memory:
                return memory.Data.ToArray();
            case DiskFileContent disk:
                return File.ReadAllBytes(disk.Path);
            default:
                using (var stream = content.OpenRead())
                {
                    var buffer = new MemoryStream(checked((int)content.Length));
                    stream.CopyTo(buffer);
                    return buffer.ToArray();
                }
        }
    }

    /// <summary>The content of the regular file <paramref name="node"/>, without a copy when it is held in memory already.</summary>
    public static ReadOnlyMemory<byte> ReadMemory(TreeNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.Content is MemoryFileContent memory ? memory.Data : ReadAllBytes(node);
    }

    /// <summary>
    /// The parsed ELF file at <paramref name="node"/>, or null when it is no ELF file; a malformed ELF file also gives
    /// null and its problem in <paramref name="problem"/>.
    /// </summary>
    public static ElfFile? TryRead(TreeNode node, string path, out string? problem)
    {
        problem = null;
        if (node.Kind != EntryKind.RegularFile || node.Content is null || node.Content.Length < Magic.Length)
        {
            return null;
        }

        var bytes = ReadMemory(node);
        if (!bytes.Span.StartsWith(Magic))
        {
            return null;
        }

        try
        {
            return ElfFile.Parse(bytes, path);
        }
        catch (ElfFormatException e)
        {
            problem = e.Message;
            return null;
        }
    }
}
