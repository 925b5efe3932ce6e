namespace Flix.Install.Tests.Support;

/// <summary>Adds lines to /etc/subuid and /etc/subgid for a test and puts both files back byte for byte on dispose.</summary>
public sealed class SubordinateIds : IDisposable
{
    private readonly (string Path, byte[]? Content, UnixFileMode Mode, DateTime Time)[] _saved;

    private SubordinateIds(params string[] paths)
    {
        _saved = paths.Select(p => File.Exists(p)
            ? (p, File.ReadAllBytes(p), File.GetUnixFileMode(p), File.GetLastWriteTimeUtc(p))
            : (p, (byte[]?)null, (UnixFileMode)0b110_100_100, default(DateTime))).ToArray();
    }

    /// <summary>Gives <paramref name="user"/> <paramref name="count"/> ids from <paramref name="start"/> in both files.</summary>
    public static SubordinateIds Add(string user, uint start, uint count)
    {
        var ids = new SubordinateIds("/etc/subuid", "/etc/subgid");
        foreach (var (path, content, _, _) in ids._saved)
        {
            string text = content is null ? string.Empty : System.Text.Encoding.UTF8.GetString(content);
            if (text.Length > 0 && !text.EndsWith('\n'))
            {
                text += "\n";
            }

            File.WriteAllText(path, text + $"{user}:{start}:{count}\n");
        }

        return ids;
    }

    public void Dispose()
    {
        foreach (var (path, content, mode, time) in _saved)
        {
            if (content is null)
            {
                File.Delete(path);
                continue;
            }

            File.WriteAllBytes(path, content);
            File.SetUnixFileMode(path, mode);
            File.SetLastWriteTimeUtc(path, time);
        }
    }
}
