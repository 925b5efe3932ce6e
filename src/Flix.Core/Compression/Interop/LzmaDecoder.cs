using System.Runtime.InteropServices;

namespace Flix.Core.Compression.Interop;

/// <summary>The streaming decoder entry points of the system's liblzma.</summary>
internal static partial class LzmaDecoder
{
    private const string LibraryName = "liblzma.so.5";

    /// <summary>lzma_ret values.</summary>
    public const int Ok = 0;
    public const int StreamEnd = 1;

    /// <summary>lzma_action values.</summary>
    public const int Run = 0;
    public const int Finish = 3;

    /// <summary>Decode concatenated .xz streams as one.</summary>
    public const uint Concatenated = 0x08;

    /// <summary>lzma_stream as liblzma 5.x declares it on LP64 (136 bytes); zeroed is LZMA_STREAM_INIT.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public unsafe struct LzmaStream
    {
        public byte* NextIn;
        public nuint AvailIn;
        public ulong TotalIn;
        public byte* NextOut;
        public nuint AvailOut;
        public ulong TotalOut;
        public nint Allocator;
        public nint Internal;
        public nint Reserved1;
        public nint Reserved2;
        public nint Reserved3;
        public nint Reserved4;
        public ulong SeekPosition;
        public ulong ReservedInt2;
        public nuint ReservedInt3;
        public nuint ReservedInt4;
        public int ReservedEnum1;
        public int ReservedEnum2;
    }

    [LibraryImport(LibraryName, EntryPoint = "lzma_stream_decoder")]
    public static unsafe partial int StreamDecoder(LzmaStream* stream, ulong memoryLimit, uint flags);

    [LibraryImport(LibraryName, EntryPoint = "lzma_code")]
    public static unsafe partial int Code(LzmaStream* stream, int action);

    [LibraryImport(LibraryName, EntryPoint = "lzma_end")]
    public static unsafe partial void End(LzmaStream* stream);
}
