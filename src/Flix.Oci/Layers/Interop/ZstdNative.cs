using System.Runtime.InteropServices;

namespace Flix.Oci.Layers.Interop;

/// <summary>The streaming decompression entry points of the system's libzstd.</summary>
internal static partial class ZstdNative
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

    [LibraryImport(LibraryName, EntryPoint = "ZSTD_DStreamInSize")]
    public static partial nuint DStreamInSize();

    [LibraryImport(LibraryName, EntryPoint = "ZSTD_isError")]
    public static partial uint IsError(nuint code);

    [LibraryImport(LibraryName, EntryPoint = "ZSTD_getErrorName")]
    private static partial nint GetErrorNamePointer(nuint code);

    public static string ErrorName(nuint code) => Marshal.PtrToStringUTF8(GetErrorNamePointer(code)) ?? $"error {code}";
}
