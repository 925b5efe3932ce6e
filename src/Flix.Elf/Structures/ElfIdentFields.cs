namespace Flix.Elf.Structures;

/// <summary>Offsets and values of e_ident, the class- and order-independent first 16 bytes.</summary>
internal static class ElfIdentFields
{
    public const int Magic = 0;
    public const int MagicLength = 4;
    public const int Class = Magic + MagicLength;
    public const int Data = Class + 1;
    public const int Version = Data + 1;
    public const int Length = 16;

    public const byte DataLittleEndian = 1;
    public const byte DataBigEndian = 2;
    public const byte CurrentVersion = 1;

    public static ReadOnlySpan<byte> MagicBytes => [0x7F, (byte)'E', (byte)'L', (byte)'F'];
}
