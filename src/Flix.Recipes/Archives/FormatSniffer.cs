using Flix.Recipes.Model;

namespace Flix.Recipes.Archives;

/// <summary>Tells an artifact's format from its first bytes.</summary>
public static class FormatSniffer
{
    /// <summary>How many leading bytes <see cref="Sniff"/> looks at.</summary>
    public const int HeadLength = 512;

    /// <summary>The format of the file at <paramref name="path"/>, from its first bytes.</summary>
    public static async Task<ArchiveFormat> SniffFileAsync(string path, CancellationToken ct)
    {
        var head = new byte[HeadLength];
        var probe = File.OpenRead(path);
        await using (probe.ConfigureAwait(false))
        {
            var length = await probe.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct).ConfigureAwait(false);
            return Sniff(head.AsSpan(0, length));
        }
    }

    public static ArchiveFormat Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]))
        {
            return ArchiveFormat.TarGzip;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]))
        {
            return ArchiveFormat.TarXz;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x28, 0xB5, 0x2F, 0xFD]))
        {
            return ArchiveFormat.TarZstd;
        }

        if (head.StartsWith("BZh"u8))
        {
            return ArchiveFormat.TarBzip2;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x50, 0x4B, 0x03, 0x04]))
        {
            return ArchiveFormat.Zip;
        }

        if (head.StartsWith("!<arch>\n"u8))
        {
            return ArchiveFormat.Deb;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xED, 0xAB, 0xEE, 0xDB]))
        {
            return ArchiveFormat.Rpm;
        }

        return head.Length >= 262 && head[257..262].SequenceEqual("ustar"u8) ? ArchiveFormat.Tar : ArchiveFormat.Binary;
    }
}
