using System.Text;

namespace Flix.Oci.Tests.Layers;

/// <summary>Hand-made ustar headers, for layers TarWriter refuses to write.</summary>
internal static class RawTar
{
    public const int BlockSize = 512;

    // ustar field offsets and lengths (POSIX.1-1988).
    private const int NameOffset = 0;
    private const int NameLength = 100;
    private const int ModeOffset = 100;
    private const int UidOffset = 108;
    private const int GidOffset = 116;
    private const int SizeOffset = 124;
    private const int SizeLength = 12;
    private const int MtimeOffset = 136;
    private const int ChecksumOffset = 148;
    private const int ChecksumLength = 8;
    private const int TypeOffset = 156;
    private const int MagicOffset = 257;

    /// <summary>One header block; <paramref name="name"/> is written as raw bytes, NULs and all.</summary>
    public static byte[] Header(byte[] name, char type, long size)
    {
        var block = new byte[BlockSize];
        name.AsSpan(0, Math.Min(name.Length, NameLength)).CopyTo(block.AsSpan(NameOffset));
        Octal(block, ModeOffset, 8, 0x1A4);
        Octal(block, UidOffset, 8, 0);
        Octal(block, GidOffset, 8, 0);
        Octal(block, SizeOffset, SizeLength, size);
        Octal(block, MtimeOffset, 12, 1_700_000_000);
        block[TypeOffset] = (byte)type;
        Encoding.ASCII.GetBytes("ustar\0" + "00").CopyTo(block, MagicOffset);
        block.AsSpan(ChecksumOffset, ChecksumLength).Fill((byte)' ');
        int sum = 0;
        foreach (byte b in block)
        {
            sum += b;
        }

        Octal(block, ChecksumOffset, 7, sum);
        return block;
    }

    /// <summary>A PAX extended header ('x') carrying the records, then its padded data.</summary>
    public static byte[] PaxHeader(params (string Key, string Value)[] records)
    {
        var data = new MemoryStream();
        foreach (var (key, value) in records)
        {
            byte[] body = Encoding.UTF8.GetBytes($" {key}={value}\n");
            int length = body.Length + 1;
            while ((length.ToString().Length + body.Length) != length)
            {
                length = length.ToString().Length + body.Length;
            }

            data.Write(Encoding.ASCII.GetBytes(length.ToString()));
            data.Write(body);
        }

        return [.. Header("PaxHeader"u8.ToArray(), 'x', data.Length), .. Pad(data.ToArray())];
    }

    public static byte[] Pad(byte[] data)
    {
        var padded = new byte[(data.Length + BlockSize - 1) / BlockSize * BlockSize];
        data.CopyTo(padded, 0);
        return padded;
    }

    public static byte[] End() => new byte[BlockSize * 2];

    private static void Octal(byte[] block, int offset, int length, long value)
    {
        string text = Convert.ToString(value, 8).PadLeft(length - 1, '0');
        Encoding.ASCII.GetBytes(text).CopyTo(block, offset);
        block[offset + length - 1] = 0;
    }
}
