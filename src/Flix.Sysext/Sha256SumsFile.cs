using System.Text;
using Flix.Core.IO;

namespace Flix.Sysext;

/// <summary>
/// A SHA256SUMS file as sha256sum writes it and systemd-sysupdate reads it: one "HEX  NAME" line per file
/// (a '*' before the name marks binary mode and is accepted on input). Lines are kept sorted by file name.
/// </summary>
public sealed class Sha256SumsFile
{
    public const string FileName = "SHA256SUMS";

    private const int HexLength = 64;

    private readonly SortedDictionary<string, string> _entries = new(StringComparer.Ordinal);

    /// <summary>Hash (lower-case hex) by file name, sorted by file name.</summary>
    public IReadOnlyDictionary<string, string> Entries => _entries;

    /// <summary>Parses the text of a SHA256SUMS file; <paramref name="source"/> names it in errors.</summary>
    public static Sha256SumsFile Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var file = new Sha256SumsFile();
        int lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            string line = rawLine.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            if (line.Length < HexLength + 2 || line[HexLength] != ' ' || line[(HexLength + 1)] is not (' ' or '*')
                || !IsHex(line.AsSpan(0, HexLength)) || line.Length == HexLength + 2)
            {
                throw new InvalidDataException($"Line {lineNumber} of '{source}' is not a 'SHA256  NAME' line: '{line}'.");
            }

            string name = line[(HexLength + 2)..];
            file._entries[name] = line[..HexLength].ToLowerInvariant();
        }

        return file;
    }

    /// <summary>Reads <paramref name="path"/>; a missing file is an empty list.</summary>
    public static async Task<Sha256SumsFile> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, Encoding.UTF8, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return new Sha256SumsFile();
        }

        return Parse(text, path);
    }

    /// <summary>Adds the line of <paramref name="fileName"/> or replaces its hash.</summary>
    public void Set(string fileName, string sha256Hex)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        if (fileName.Contains('\n') || fileName.Contains('\\'))
        {
            throw new ArgumentException($"The file name '{fileName}' cannot be listed in {FileName}.", nameof(fileName));
        }

        if (sha256Hex is null || sha256Hex.Length != HexLength || !IsHex(sha256Hex))
        {
            throw new ArgumentException($"'{sha256Hex}' is not a SHA-256 in hex.", nameof(sha256Hex));
        }

        _entries[fileName] = sha256Hex.ToLowerInvariant();
    }

    public bool Remove(string fileName) => _entries.Remove(fileName);

    /// <summary>The file text: "HEX  NAME\n" per entry, sorted by name.</summary>
    public string Render()
    {
        var text = new StringBuilder();
        foreach (var (name, hash) in _entries)
        {
            text.Append(hash).Append("  ").Append(name).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>
    /// Adds or replaces the line of <paramref name="fileName"/> in <paramref name="path"/>, rewriting it atomically. The
    /// folder is locked (flock) from the read to the rename, so packs running at once into one folder keep every line.
    /// </summary>
    public static async Task UpdateAsync(string path, string fileName, string sha256Hex, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        using (await DirectoryLock.AcquireAsync(folder, cancellationToken).ConfigureAwait(false))
        {
            var file = await ReadAsync(path, cancellationToken).ConfigureAwait(false);
            file.Set(fileName, sha256Hex);
            await AtomicFile.WriteAllTextAsync(path, file.Render(), cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsHex(ReadOnlySpan<char> text) => text.IndexOfAnyExcept(HexDigits) < 0;

    private static readonly System.Buffers.SearchValues<char> HexDigits =
        System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");
}
