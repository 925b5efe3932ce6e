using System.Buffers.Binary;

namespace Flix.Sysext;

/// <summary>The magic numbers that tell the image formats of a system extension apart, and where they are.</summary>
public static class ImageSignature
{
    /// <summary>SquashFS: "hsqs", little-endian 0x73717368 at offset 0.</summary>
    public const int SquashFsMagicOffset = 0;
    public const uint SquashFsMagic = 0x7371_7368;

    /// <summary>EROFS: 0xE0F5E1E2 little-endian at offset 1024, the start of its superblock.</summary>
    public const int ErofsMagicOffset = 1024;
    public const uint ErofsMagic = 0xE0F5_E1E2;

    /// <summary>How many bytes <see cref="Detect"/> needs to tell every format apart.</summary>
    public const int HeaderLength = ErofsMagicOffset + sizeof(uint);

    /// <summary>
    /// The format whose magic <paramref name="header"/> (the first bytes of a file, up to <see cref="HeaderLength"/>)
    /// carries, or null for none; <see cref="ImageFormat.Directory"/> is never returned.
    /// </summary>
    public static ImageFormat? Detect(ReadOnlySpan<byte> header)
    {
        if (header.Length >= SquashFsMagicOffset + sizeof(uint)
            && BinaryPrimitives.ReadUInt32LittleEndian(header[SquashFsMagicOffset..]) == SquashFsMagic)
        {
            return ImageFormat.SquashFs;
        }

        if (header.Length >= ErofsMagicOffset + sizeof(uint)
            && BinaryPrimitives.ReadUInt32LittleEndian(header[ErofsMagicOffset..]) == ErofsMagic)
        {
            return ImageFormat.Erofs;
        }

        return null;
    }

    /// <summary>Up to 8 leading bytes as hex pairs ("7f 45 4c 46"), for messages about files that are no image.</summary>
    public static string DescribeStart(ReadOnlySpan<byte> header)
    {
        var start = header[..Math.Min(header.Length, 8)];
        return start.IsEmpty ? "nothing (the file is empty)" : string.Join(' ', start.ToArray().Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
    }
}
