using System.Runtime.InteropServices;

namespace Flix.Core.Interop;

/// <summary>
/// The entry points of the system's libzstd that Flix uses: one-shot block compression and decompression (the
/// SquashFS compressor) and streaming decompression (zstd layers and archives).
/// </summary>
public static partial class Zstd
{
    private const string LibraryName = "libzstd.so.1";

    /// <summary>ZSTD_d_windowLogMax of ZSTD_dParameter.</summary>
    public const int WindowLogMaxParameter = 100;

    [StructLayout(LayoutKind.Sequential)]
    public unsafe struct InBuffer
    {
        public byte* Source;
        public nuint Size;
        public nuint Position;
    }

    [StructLayout(LayoutKind.Sequential)]
    public unsafe struct OutBuffer
    {
        public byte* Destination;
        public nuint Size;
        public nuint Position;
    }

    [LibraryImport(LibraryName, EntryPoint = "ZSTD_createCCtx")]
    public static partial nint CreateCCtx();

    [LibraryImport(LibraryName, EntryPoint = "ZSTD_freeCCtx")]
    public static partial nuint FreeCCtx(nint cctx);

    [LibraryImport(LibraryName, EntryPoint = "ZSTD_createDCtx")]
    public static partial nint CreateDCtx();

    [LibraryImport(LibraryName, EntryPoint = "ZSTD_freeDCtx")]
    public static partial nuint FreeDCtx(nint dctx);

    [LibraryImport(LibraryName, EntryPoint = "ZSTD_compressBound")]
    public static partial nuint CompressBound(nuint sourceSize);

    [LibraryImport(LibraryName, EntryPoint = "ZSTD_compressCCtx")]
    public static unsafe partial nuint CompressCCtx(nint cctx, byte* destination, nuint destinationCapacity, byte* source, nuint sourceSize, int level);

    [LibraryImport(LibraryName, EntryPoint = "ZSTD_decompressDCtx")]
    public static unsafe partial nuint DecompressDCtx(nint dctx, byte* destination, nuint destinationCapacity, byte* source, nuint sourceSize);

    [LibraryImport(LibraryName, EntryPoint = "ZSTD_maxCLevel")]
    public static partial int MaxCLevel();

    [LibraryImport(LibraryName, EntryPoint = "ZSTD_createDStream")]
    public static partial nint CreateDStream();

    [LibraryImport(LibraryName, EntryPoint = "ZSTD_freeDStream")]
    public static partial nuint FreeDStream(nint stream);

    [LibraryImport(LibraryName, EntryPoint = "ZSTD_initDStream")]
    public static partial nuint InitDStream(nint stream);

    [LibraryImport(LibraryName, EntryPoint = "ZSTD_DCtx_setParameter")]
    public static partial nuint SetParameter(nint stream, int parameter, int value);

    [LibraryImport(LibraryName, EntryPoint = "ZSTD_decompressStream")]
    public static unsafe partial nuint DecompressStream(nint stream, OutBuffer* output, InBuffer* input);

    [LibraryImport(LibraryName, EntryPoint = "ZSTD_isError")]
    public static partial uint IsError(nuint code);

    [LibraryImport(LibraryName, EntryPoint = "ZSTD_getErrorName")]
    private static partial nint GetErrorNamePointer(nuint code);

    public static string ErrorName(nuint code) => Marshal.PtrToStringUTF8(GetErrorNamePointer(code)) ?? $"error {code}";
}
