using System.Runtime.InteropServices;

namespace Flix.Core.Compression.Interop;

/// <summary>The streaming decoder entry points of the system's libbz2.</summary>
internal static partial class Bzip2Decoder
{
    private const string LibraryName = "libbz2.so.1.0";

    public const int Ok = 0;
    public const int StreamEnd = 4;

    /// <summary>bz_stream (80 bytes on LP64); zeroed allocators mean malloc and free.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public unsafe struct BzStream
    {
        public byte* NextIn;
        public uint AvailIn;
        public uint TotalInLow;
        public uint TotalInHigh;
        public byte* NextOut;
        public uint AvailOut;
        public uint TotalOutLow;
        public uint TotalOutHigh;
        public nint State;
        public nint Allocate;
        public nint Free;
        public nint Opaque;
    }

    [LibraryImport(LibraryName, EntryPoint = "BZ2_bzDecompressInit")]
    public static unsafe partial int DecompressInit(BzStream* stream, int verbosity, int small);

    [LibraryImport(LibraryName, EntryPoint = "BZ2_bzDecompress")]
    public static unsafe partial int Decompress(BzStream* stream);

    [LibraryImport(LibraryName, EntryPoint = "BZ2_bzDecompressEnd")]
    public static unsafe partial int DecompressEnd(BzStream* stream);
}
