using System.Runtime.InteropServices;

namespace Flix.SquashFs.Compression.Interop;

/// <summary>The few liblzma entry points the xz compressor needs (single-call .xz stream encode and decode).</summary>
internal static partial class Lzma
{
    private const string LibraryName = "liblzma.so.5";

    public const ulong FilterLzma2 = 0x21;
    public const ulong VliUnknown = ulong.MaxValue; // terminates a filter chain
    public const int CheckCrc32 = 1;
    public const uint PresetExtreme = 0x8000_0000;

    /// <summary>lzma_ret values.</summary>
    public const int Ok = 0;
    public const int MemLimitError = 6;
    public const int BufError = 10;

    /// <summary>lzma_filter: a 64-bit filter id and a pointer to its options (16 bytes on LP64).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Filter
    {
        public ulong Id;
        public nint Options;
    }

    /// <summary>
    /// lzma_options_lzma as liblzma 5.x declares it (112 bytes on LP64: x86-64 and aarch64).
    /// Only the dictionary size is changed after lzma_lzma_preset fills it in.
    /// </summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct OptionsLzma
    {
        public uint DictSize;
        public nint PresetDict;
        public uint PresetDictSize;
        public uint Lc;
        public uint Lp;
        public uint Pb;
        public int Mode;
        public uint NiceLen;
        public int MatchFinder;
        public uint Depth;
        public uint ExtFlags;
        public uint ExtSizeLow;
        public uint ExtSizeHigh;
        public uint ReservedInt4;
        public uint ReservedInt5;
        public uint ReservedInt6;
        public uint ReservedInt7;
        public uint ReservedInt8;
        public int ReservedEnum1;
        public int ReservedEnum2;
        public int ReservedEnum3;
        public int ReservedEnum4;
        public nint ReservedPtr1;
        public nint ReservedPtr2;
    }

    /// <summary>Fills <paramref name="options"/> from a preset; returns non-zero when the preset is not supported.</summary>
    [LibraryImport(LibraryName, EntryPoint = "lzma_lzma_preset")]
    public static partial byte LzmaPreset(ref OptionsLzma options, uint preset);

    [LibraryImport(LibraryName, EntryPoint = "lzma_stream_buffer_encode")]
    public static unsafe partial int StreamBufferEncode(
        Filter* filters, int check, nint allocator, byte* input, nuint inputSize, byte* output, nuint* outputPosition, nuint outputSize);

    [LibraryImport(LibraryName, EntryPoint = "lzma_stream_buffer_decode")]
    public static unsafe partial int StreamBufferDecode(
        ulong* memoryLimit, uint flags, nint allocator, byte* input, nuint* inputPosition, nuint inputSize, byte* output, nuint* outputPosition, nuint outputSize);
}
