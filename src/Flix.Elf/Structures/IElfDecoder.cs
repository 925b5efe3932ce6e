namespace Flix.Elf.Structures;

/// <summary>
/// Reads and writes the fixed-size integers of one byte order. The order is chosen once per file as a type argument,
/// so every field access of a reader or writer goes through the same decoder.
/// </summary>
internal interface IElfDecoder
{
    static abstract bool IsLittleEndian { get; }

    static abstract ushort ReadUInt16(ReadOnlySpan<byte> source);

    static abstract uint ReadUInt32(ReadOnlySpan<byte> source);

    static abstract ulong ReadUInt64(ReadOnlySpan<byte> source);

    static abstract void WriteUInt16(Span<byte> destination, ushort value);

    static abstract void WriteUInt32(Span<byte> destination, uint value);

    static abstract void WriteUInt64(Span<byte> destination, ulong value);
}
