using System.Runtime.InteropServices;

namespace Flix.SquashFs.Compression.Interop;

/// <summary>The few libzstd entry points the zstd compressor needs.</summary>
internal static partial class Zstd
{
    private const string LibraryName = "libzstd.so.1";

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

    [LibraryImport(LibraryName, EntryPoint = "ZSTD_isError")]
    public static partial uint IsError(nuint code);

    [LibraryImport(LibraryName, EntryPoint = "ZSTD_getErrorName")]
    private static partial nint GetErrorNamePointer(nuint code);

    [LibraryImport(LibraryName, EntryPoint = "ZSTD_maxCLevel")]
    public static partial int MaxCLevel();

    public static string ErrorName(nuint code) => Marshal.PtrToStringUTF8(GetErrorNamePointer(code)) ?? $"error {code}";
}
