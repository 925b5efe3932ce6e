using System.Runtime.InteropServices;

namespace Flix.Install.Packages;

/// <summary>The few calls of the system's SQLite library (libsqlite3.so.0, package libsqlite3-0) that reading an rpmdb needs.</summary>
internal static partial class SqliteInterop
{
    private const string Library = "libsqlite3.so.0";

    public const int Ok = 0;
    public const int Row = 100;
    public const int Done = 101;
    public const int OpenReadWrite = 0x2;

    [LibraryImport(Library, EntryPoint = "sqlite3_open_v2", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string filename, out nint database, int flags, nint vfs);

    [LibraryImport(Library, EntryPoint = "sqlite3_prepare_v2", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Prepare(nint database, string sql, int length, out nint statement, nint tail);

    [LibraryImport(Library, EntryPoint = "sqlite3_step")]
    public static partial int Step(nint statement);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_blob")]
    public static partial nint ColumnBlob(nint statement, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_bytes")]
    public static partial int ColumnBytes(nint statement, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_finalize")]
    public static partial int Finalize(nint statement);

    [LibraryImport(Library, EntryPoint = "sqlite3_close_v2")]
    public static partial int Close(nint database);

    [LibraryImport(Library, EntryPoint = "sqlite3_errmsg")]
    public static partial nint ErrorMessage(nint database);

    /// <summary>The text of the last error on <paramref name="database"/>.</summary>
    public static string LastError(nint database) =>
        database == 0 ? "cannot open" : Marshal.PtrToStringUTF8(ErrorMessage(database)) ?? "unknown error";
}
