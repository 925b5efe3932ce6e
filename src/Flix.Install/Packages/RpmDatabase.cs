using System.Runtime.InteropServices;
using Flix.Core.Tree;

namespace Flix.Install.Packages;

/// <summary>
/// rpm's database in its sqlite form (<c>rpmdb.sqlite</c>, rpm 4.16 and later; Fedora 33+, RHEL 9, openSUSE): the
/// <c>Packages</c> table holds each package's header, read here with the system's libsqlite3 from a private copy
/// of the database (so nothing is written next to the image's, and a write-ahead log is read too). Older Berkeley DB
/// and ndb databases are read through the image's own <c>rpm</c> instead (<see cref="RpmQueryDatabase"/>).
/// </summary>
public sealed class RpmDatabase : IPackageDatabase
{
    /// <summary>Where rpm keeps its sqlite database: Fedora 36+ and openSUSE, then the older place.</summary>
    public static IReadOnlyList<string> SqlitePaths { get; } = ["/usr/lib/sysimage/rpm/rpmdb.sqlite", "/var/lib/rpm/rpmdb.sqlite"];

    /// <summary>The older database files, which need the image's rpm to read.</summary>
    public static IReadOnlyList<string> LegacyPaths { get; } = ["/usr/lib/sysimage/rpm/Packages.db", "/var/lib/rpm/Packages.db", "/usr/lib/sysimage/rpm/Packages", "/var/lib/rpm/Packages"];

    private const int TagName = 1000;
    private const int TagVersion = 1001;
    private const int TagRelease = 1002;
    private const int TagOldFileNames = 1027;
    private const int TagFileFlags = 1037;
    private const int TagSourceRpm = 1044;
    private const int TagRequireName = 1049;
    private const int TagDirIndexes = 1116;
    private const int TagBaseNames = 1117;
    private const int TagDirNames = 1118;
    private const int FileFlagConfig = 1;

    private readonly Dictionary<string, InstalledPackage> _packages;

    private RpmDatabase(Dictionary<string, InstalledPackage> packages)
    {
        _packages = packages;
    }

    public string Kind => "rpm";

    /// <summary>The sqlite database of <paramref name="rootfs"/>, or null when it has none.</summary>
    public static RpmDatabase? Open(string rootfs)
    {
        foreach (var path in SqlitePaths)
        {
            if (ImageFile.Locate(rootfs, path) is { } database)
            {
                return Read(database, path, ImageFile.Locate(rootfs, path + "-wal"));
            }
        }

        return null;
    }

    public InstalledPackage? Find(string name) => _packages.GetValueOrDefault(name);

    private static RpmDatabase Read(string database, string imagePath, string? wal)
    {
        string copy = Directory.CreateTempSubdirectory("flix-rpmdb-").FullName;
        try
        {
            string file = Path.Combine(copy, "rpmdb.sqlite");
            CopyBounded(database, file, imagePath);
            if (wal is not null)
            {
                CopyBounded(wal, file + "-wal", imagePath + "-wal");
            }

            var packages = new Dictionary<string, InstalledPackage>(StringComparer.Ordinal);
            List<(long Number, byte[] Blob)> blobs;
            try
            {
                blobs = Blobs(file, imagePath);
            }
            catch (DllNotFoundException e)
            {
                throw new PackageDatabaseException($"Reading the image's {imagePath} needs the SQLite library; install the package libsqlite3-0.", e);
            }

            foreach (var (number, blob) in blobs)
            {
                var header = RpmHeader.Parse(blob, $"{number} of the image's {imagePath}");
                if (ToPackage(header) is { } package)
                {
                    packages.TryAdd(package.Name, package);
                }
            }

            return new RpmDatabase(packages);
        }
        finally
        {
            TreeRemover.TryDelete(copy);
        }
    }

    private static InstalledPackage? ToPackage(RpmHeader header)
    {
        if (header.String(TagName) is not { Length: > 0 } name)
        {
            return null;
        }

        var files = new List<string>();
        var baseNames = header.Strings(TagBaseNames);
        var dirNames = header.Strings(TagDirNames);
        var dirIndexes = header.Integers(TagDirIndexes);
        if (baseNames.Count > 0)
        {
            if (dirIndexes.Count != baseNames.Count)
            {
                throw new PackageDatabaseException($"The rpm header of {name} has {baseNames.Count} file names but {dirIndexes.Count} folder indexes.");
            }

            for (int i = 0; i < baseNames.Count; i++)
            {
                int index = dirIndexes[i];
                if (index < 0 || index >= dirNames.Count)
                {
                    throw new PackageDatabaseException($"The rpm header of {name} gives file {baseNames[i]} the folder index {index} of {dirNames.Count}.");
                }

                files.Add(dirNames[index] + baseNames[i]);
            }
        }
        else
        {
            files.AddRange(header.Strings(TagOldFileNames));
        }

        var flags = header.Integers(TagFileFlags);
        var config = files.Where((_, i) => i < flags.Count && (flags[i] & FileFlagConfig) != 0).ToList();
        return new InstalledPackage
        {
            Name = name,
            Version = $"{header.String(TagVersion)}-{header.String(TagRelease)}",
            Source = SourceName(header.String(TagSourceRpm)) ?? name,
            Depends = header.Strings(TagRequireName).Where(r => !r.Contains('(', StringComparison.Ordinal) && !r.StartsWith('/')).Distinct(StringComparer.Ordinal).ToList(),
            Files = files.Where(f => f.StartsWith('/')).ToList(),
            ConfigFiles = config,
        };
    }

    /// <summary>The package name of a source rpm file name: <c>nginx-1.26.3-1.fc42.src.rpm</c> is nginx.</summary>
    private static string? SourceName(string? sourceRpm)
    {
        if (sourceRpm is null)
        {
            return null;
        }

        int release = sourceRpm.LastIndexOf('-');
        int version = release > 0 ? sourceRpm.LastIndexOf('-', release - 1) : -1;
        return version > 0 ? sourceRpm[..version] : null;
    }

    private static List<(long Number, byte[] Blob)> Blobs(string file, string imagePath)
    {
        if (SqliteInterop.Open(file, out nint database, SqliteInterop.OpenReadWrite, 0) != SqliteInterop.Ok)
        {
            string error = SqliteInterop.LastError(database);
            SqliteInterop.Close(database);
            throw new PackageDatabaseException($"Cannot open the image's {imagePath}: {error}.");
        }

        var blobs = new List<(long, byte[])>();
        try
        {
            if (SqliteInterop.Prepare(database, "SELECT hnum, blob FROM Packages", -1, out nint statement, 0) != SqliteInterop.Ok)
            {
                throw new PackageDatabaseException($"The image's {imagePath} has no readable Packages table: {SqliteInterop.LastError(database)}.");
            }

            try
            {
                long number = 0;
                int step;
                while ((step = SqliteInterop.Step(statement)) == SqliteInterop.Row)
                {
                    number++;
                    int length = SqliteInterop.ColumnBytes(statement, 1);
                    nint pointer = SqliteInterop.ColumnBlob(statement, 1);
                    var blob = new byte[Math.Max(length, 0)];
                    if (length > 0 && pointer != 0)
                    {
                        Marshal.Copy(pointer, blob, 0, length);
                    }

                    blobs.Add((number, blob));
                }

                if (step != SqliteInterop.Done)
                {
                    throw new PackageDatabaseException($"Cannot read the image's {imagePath}: {SqliteInterop.LastError(database)}.");
                }
            }
            finally
            {
                SqliteInterop.Finalize(statement);
            }
        }
        finally
        {
            SqliteInterop.Close(database);
        }

        return blobs;
    }

    private static void CopyBounded(string from, string to, string imagePath)
    {
        if (new FileInfo(from).Length > ImageFile.MaxBytes)
        {
            throw new PackageDatabaseException($"The image's {imagePath} is larger than {ImageFile.MaxBytes} bytes.");
        }

        File.Copy(from, to);
    }
}
