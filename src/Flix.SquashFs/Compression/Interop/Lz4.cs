using System.Runtime.InteropServices;

namespace Flix.SquashFs.Compression.Interop;

/// <summary>The few liblz4 entry points the lz4 compressor needs (raw LZ4 blocks).</summary>
internal static partial class Lz4
{
    private const string LibraryName = "liblz4.so.1";

    [LibraryImport(LibraryName, EntryPoint = "LZ4_compress_default")]
    public static unsafe partial int CompressDefault(byte* source, byte* destination, int sourceSize, int destinationCapacity);

    [LibraryImport(LibraryName, EntryPoint = "LZ4_compress_HC")]
    public static unsafe partial int CompressHC(byte* source, byte* destination, int sourceSize, int destinationCapacity, int level);

    [LibraryImport(LibraryName, EntryPoint = "LZ4_decompress_safe")]
    public static unsafe partial int DecompressSafe(byte* source, byte* destination, int compressedSize, int destinationCapacity);
}
