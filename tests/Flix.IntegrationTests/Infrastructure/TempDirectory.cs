namespace Flix.IntegrationTests.Infrastructure;

/// <summary>
/// A fresh directory under the system temp folder, deleted with everything below it on dispose.
/// Mounts are only ever made inside private mount namespaces, so nothing is mounted here when it is deleted.
/// </summary>
public sealed class TempDirectory : IDisposable
{
    private TempDirectory(string path) => Path = path;

    public string Path { get; }

    public static TempDirectory Create(string prefix)
    {
        var info = Directory.CreateTempSubdirectory($"flix-it-{prefix}-");
        return new TempDirectory(info.FullName);
    }

    /// <summary>A path below this directory (not created).</summary>
    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>A new empty subdirectory.</summary>
    public string CreateSubdirectory(string name) => Directory.CreateDirectory(Combine(name)).FullName;

    public void Dispose()
    {
        if (!Directory.Exists(Path))
        {
            return;
        }

        AssertNothingMountedBelow(Path);

        // Modes such as 0000 or directories without write permission do not stop root, but
        // the immutable/append-only flags could; none are set by these tests.
        Directory.Delete(Path, recursive: true);
    }

    /// <summary>Refuses to delete through a mount that leaked to this namespace (it would delete its contents).</summary>
    public static void AssertNothingMountedBelow(string path)
    {
        string prefix = System.IO.Path.TrimEndingDirectorySeparator(path) + "/";
        var leaked = MountPoints().Where(m => m == path || m.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        if (leaked.Count > 0)
        {
            throw new InvalidOperationException(
                $"'{path}' still has mounts below it in the test's own namespace ({string.Join(", ", leaked)}); a mount leaked out of a private namespace.");
        }
    }

    /// <summary>The mount points of this process's mount namespace (field 5 of /proc/self/mountinfo, octal escapes decoded).</summary>
    public static IEnumerable<string> MountPoints()
    {
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            var fields = line.Split(' ');
            if (fields.Length > 4)
            {
                yield return System.Text.RegularExpressions.Regex.Replace(
                    fields[4], @"\\([0-7]{3})", m => ((char)Convert.ToInt32(m.Groups[1].Value, 8)).ToString());
            }
        }
    }
}
