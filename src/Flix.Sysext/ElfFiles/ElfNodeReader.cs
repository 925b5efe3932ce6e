using Flix.Core;
using Flix.Core.Tree;
using Flix.Elf;

namespace Flix.Sysext.ElfFiles;

/// <summary>
/// Reads files of a tree model (on disk or in memory) and parses the ELF ones. Every read of image content is
/// bounded: a file is told apart by its first bytes before anything reads it whole, and a whole read is refused
/// beyond <see cref="MaxElfBytes"/> with a message naming the file.
/// </summary>
public static class ElfNodeReader
{
    /// <summary>The largest ELF file read whole (to parse and patch it): far above any real library, far below memory limits.</summary>
    public const long MaxElfBytes = 1L << 30;

    private static ReadOnlySpan<byte> Magic => [0x7F, (byte)'E', (byte)'L', (byte)'F'];

    /// <summary>Whether the regular file <paramref name="node"/> starts with the ELF magic number.</summary>
    public static bool StartsWithElfMagic(TreeNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        Span<byte> head = stackalloc byte[4];
        return ReadHead(node, head) == head.Length && head.SequenceEqual(Magic);
    }

    /// <summary>The class, byte order, type and machine of the regular file <paramref name="node"/>, from its first bytes only.</summary>
    public static bool TryReadIdentity(TreeNode node, out ElfIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(node);
        Span<byte> head = stackalloc byte[ElfIdentity.Length];
        identity = default;
        return ReadHead(node, head) == head.Length && ElfIdentity.TryRead(head, out identity);
    }

    /// <summary>
    /// The whole content of the regular file <paramref name="node"/> (<paramref name="path"/> in the image), at most
    /// <paramref name="limit"/> bytes; a larger file is a <see cref="FlixException"/> naming it as <paramref name="what"/>.
    /// </summary>
    public static byte[] ReadAllBytes(TreeNode node, string? path = null, long limit = MaxElfBytes, string what = "ELF file")
    {
        ArgumentNullException.ThrowIfNull(node);
        path ??= "(unnamed)";
        var content = node.Content ?? throw new FlixException($"'{path}' is not a regular file.");
        if (content.Length > limit)
        {
            throw new FlixException(TooLarge(path, content.Length, limit, what));
        }

        if (content is MemoryFileContent memory)
        {
            return memory.Data.ToArray();
        }

        // The model's size is what is read in one go; a file that has grown on disk since is read on, up to the limit.
        using var stream = content.OpenRead();
        var buffer = new byte[content.Length];
        int length = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (length < buffer.Length)
        {
            return buffer[..length];
        }

        var rest = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            rest.Write(chunk, 0, read);
            if (length + rest.Length > limit)
            {
                throw new FlixException(TooLarge(path, length + rest.Length, limit, what));
            }
        }

        return rest.Length == 0 ? buffer : [.. buffer, .. rest.ToArray()];
    }

    /// <summary>The content of the regular file <paramref name="node"/>, without a copy when it is held in memory already.</summary>
    public static ReadOnlyMemory<byte> ReadMemory(TreeNode node, string path)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.Content is MemoryFileContent memory ? memory.Data : ReadAllBytes(node, path);
    }

    /// <summary>
    /// The parsed ELF file at <paramref name="node"/>, or null when it is no ELF file; a malformed ELF file, or one
    /// larger than <see cref="MaxElfBytes"/>, also gives null and its problem in <paramref name="problem"/>.
    /// </summary>
    public static ElfFile? TryRead(TreeNode node, string path, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(node);
        problem = null;
        if (!StartsWithElfMagic(node))
        {
            return null;
        }

        if (node.Content!.Length > MaxElfBytes)
        {
            problem = TooLarge(path, node.Content.Length, MaxElfBytes, "ELF file");
            return null;
        }

        try
        {
            return ElfFile.Parse(ReadMemory(node, path), path);
        }
        catch (ElfFormatException e)
        {
            problem = e.Message;
            return null;
        }
    }

    /// <summary>Reads the first bytes of a regular file into <paramref name="head"/>; returns how many there were.</summary>
    private static int ReadHead(TreeNode node, Span<byte> head)
    {
        if (node.Kind != EntryKind.RegularFile || node.Content is null || node.Content.Length < head.Length)
        {
            return 0;
        }

        if (node.Content is MemoryFileContent memory)
        {
            memory.Data.Span[..head.Length].CopyTo(head);
            return head.Length;
        }

        using var stream = node.Content.OpenRead();
        return stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
    }

    private static string TooLarge(string path, long size, long limit, string what) =>
        $"The {what} '{path}' is {size} bytes; Flix reads at most {limit} bytes of it.";
}
