using System.Buffers.Binary;

namespace Flix.Fetch.OpenPgp;

/// <summary>
/// Splits binary OpenPGP data into packets (RFC 9580 4.2): new-format headers (one-, two- and five-octet lengths)
/// and old-format headers (one-, two- and four-octet lengths). Partial and indeterminate lengths, which only data
/// packets use, are refused; a length past the end of the data is refused before anything is read.
/// </summary>
internal static class PacketReader
{
    private const byte PacketBit = 0x80;
    private const byte NewFormatBit = 0x40;
    private const byte NewTagMask = 0x3F;
    private const int OldTagShift = 2;
    private const byte OldTagMask = 0x0F;
    private const byte OldLengthTypeMask = 0x03;
    private const int TwoOctetStart = 192;
    private const int PartialStart = 224;
    private const int FiveOctetMarker = 255;

    public static List<OpenPgpPacket> ReadAll(ReadOnlyMemory<byte> data, string source)
    {
        var packets = new List<OpenPgpPacket>();
        var span = data.Span;
        var offset = 0;
        while (offset < span.Length)
        {
            if (packets.Count == OpenPgpLimits.MaxPackets)
            {
                throw new OpenPgpException($"{source} holds more than {OpenPgpLimits.MaxPackets} packets.");
            }

            var start = offset;
            var first = span[offset++];
            if ((first & PacketBit) == 0)
            {
                throw new OpenPgpException($"{source}: offset {start}: 0x{first:X2} is not an OpenPGP packet header.");
            }

            int tag;
            long length;
            if ((first & NewFormatBit) != 0)
            {
                tag = first & NewTagMask;
                var o1 = Next(span, ref offset, source, start);
                if (o1 < TwoOctetStart)
                {
                    length = o1;
                }
                else if (o1 < PartialStart)
                {
                    length = ((o1 - TwoOctetStart) << 8) + Next(span, ref offset, source, start) + TwoOctetStart;
                }
                else if (o1 == FiveOctetMarker)
                {
                    length = BinaryPrimitives.ReadUInt32BigEndian(Take(span, ref offset, 4, source, start));
                }
                else
                {
                    throw new OpenPgpException($"{source}: offset {start}: a packet with a partial body length, which key and signature packets never use.");
                }
            }
            else
            {
                tag = (first >> OldTagShift) & OldTagMask;
                length = (first & OldLengthTypeMask) switch
                {
                    0 => Next(span, ref offset, source, start),
                    1 => BinaryPrimitives.ReadUInt16BigEndian(Take(span, ref offset, 2, source, start)),
                    2 => BinaryPrimitives.ReadUInt32BigEndian(Take(span, ref offset, 4, source, start)),
                    _ => throw new OpenPgpException($"{source}: offset {start}: a packet of indeterminate length, which key and signature packets never use."),
                };
            }

            if (tag == (int)PacketTag.Reserved)
            {
                throw new OpenPgpException($"{source}: offset {start}: a packet with the reserved tag 0.");
            }

            if (length > span.Length - offset)
            {
                throw new OpenPgpException($"{source} is truncated: the packet at offset {start} declares {length} bytes, {span.Length - offset} remain.");
            }

            packets.Add(new OpenPgpPacket((PacketTag)tag, data.Slice(offset, (int)length), start));
            offset += (int)length;
        }

        return packets;
    }

    private static byte Next(ReadOnlySpan<byte> span, ref int offset, string source, int start) => Take(span, ref offset, 1, source, start)[0];

    private static ReadOnlySpan<byte> Take(ReadOnlySpan<byte> span, ref int offset, int count, string source, int start)
    {
        if (span.Length - offset < count)
        {
            throw new OpenPgpException($"{source} is truncated: the header of the packet at offset {start} is cut short.");
        }

        var slice = span.Slice(offset, count);
        offset += count;
        return slice;
    }
}
