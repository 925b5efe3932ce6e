namespace Flix.Erofs.Reading;

/// <summary>
/// Decodes a raw LZ4 block (no frame) into a buffer of known size, stopping once the buffer is full, as the
/// kernel's partial decoding does. Every length and match offset is checked against both buffers, so hostile
/// input ends in <see cref="InvalidDataException"/>, never in a read or write out of bounds.
/// </summary>
internal static class Lz4BlockDecoder
{
    private const int MinMatch = 4;
    private const int LengthMask = 0xF;
    private const int ExtendedLength = 0xF;
    private const int LiteralLengthShift = 4;

    /// <summary>Decodes <paramref name="source"/> into <paramref name="destination"/>; returns the bytes written.</summary>
    /// <param name="what">Names the block in errors (image, file, offset).</param>
    public static int Decode(ReadOnlySpan<byte> source, Span<byte> destination, string what)
    {
        int input = 0;
        int output = 0;
        while (input < source.Length && output < destination.Length)
        {
            int token = source[input++];
            int literals = token >> LiteralLengthShift;
            if (literals == ExtendedLength)
            {
                literals += ReadExtendedLength(source, ref input, what);
            }

            if (literals > source.Length - input)
            {
                throw new InvalidDataException($"{what}: an LZ4 literal run of {literals} bytes at input offset {input} passes the end of the {source.Length}-byte block.");
            }

            int copied = Math.Min(literals, destination.Length - output);
            source.Slice(input, copied).CopyTo(destination[output..]);
            input += literals;
            output += copied;
            if (output == destination.Length || input == source.Length)
            {
                break; // full, or the last sequence (literals only)
            }

            if (source.Length - input < sizeof(ushort))
            {
                throw new InvalidDataException($"{what}: the LZ4 block ends inside a match offset at input offset {input}.");
            }

            int distance = source[input] | (source[input + 1] << 8);
            input += sizeof(ushort);
            if (distance == 0 || distance > output)
            {
                throw new InvalidDataException($"{what}: an LZ4 match at output offset {output} refers {distance} bytes back, before the start of the data.");
            }

            int length = token & LengthMask;
            if (length == ExtendedLength)
            {
                length += ReadExtendedLength(source, ref input, what);
            }

            length = Math.Min(length + MinMatch, destination.Length - output);
            int from = output - distance;
            if (distance >= length)
            {
                destination.Slice(from, length).CopyTo(destination[output..]);
            }
            else
            {
                for (int i = 0; i < length; i++)
                {
                    destination[output + i] = destination[from + i]; // overlapping: repeats the last bytes
                }
            }

            output += length;
        }

        return output;
    }

    private static int ReadExtendedLength(ReadOnlySpan<byte> source, ref int input, string what)
    {
        int total = 0;
        byte next;
        do
        {
            if (input >= source.Length)
            {
                throw new InvalidDataException($"{what}: the LZ4 block ends inside a length at input offset {input}.");
            }

            next = source[input++];
            total += next;
            if (total > int.MaxValue / 2)
            {
                throw new InvalidDataException($"{what}: an LZ4 length at input offset {input} is larger than any block.");
            }
        }
        while (next == byte.MaxValue);

        return total;
    }
}
