using System.Buffers.Binary;

namespace Flix.Fetch.OpenPgp;

/// <summary>A multiprecision integer (RFC 9580 3.2): a two-octet bit count, then the big-endian magnitude.</summary>
internal static class Mpi
{
    private const int BitCountLength = 2;

    /// <summary>Reads one MPI at <paramref name="offset"/> and moves past it; <paramref name="what"/> names it in messages.</summary>
    public static byte[] Read(ReadOnlySpan<byte> body, ref int offset, string what, string source)
    {
        if (body.Length - offset < BitCountLength)
        {
            throw new OpenPgpException($"{source}: {what} is cut short.");
        }

        int bits = BinaryPrimitives.ReadUInt16BigEndian(body[offset..]);
        var length = (bits + 7) / 8;
        offset += BitCountLength;
        if (body.Length - offset < length)
        {
            throw new OpenPgpException($"{source}: {what} declares {bits} bits, {body.Length - offset} bytes remain.");
        }

        var value = body.Slice(offset, length);
        offset += length;
        return value.TrimStart((byte)0).ToArray();
    }
}
