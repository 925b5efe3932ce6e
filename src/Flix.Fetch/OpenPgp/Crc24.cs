namespace Flix.Fetch.OpenPgp;

/// <summary>The CRC-24 of OpenPGP's ASCII armor (RFC 4880 6.1): initial value 0xB704CE, generator 0x1864CFB.</summary>
internal static class Crc24
{
    private const uint Initial = 0xB704CE;
    private const uint Generator = 0x1864CFB;
    private const uint Mask = 0xFFFFFF;

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = Initial;
        foreach (var b in data)
        {
            crc ^= (uint)b << 16;
            for (var bit = 0; bit < 8; bit++)
            {
                crc <<= 1;
                if ((crc & 0x1000000) != 0)
                {
                    crc ^= Generator;
                }
            }
        }

        return crc & Mask;
    }
}
