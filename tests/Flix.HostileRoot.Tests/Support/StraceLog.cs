using System.Text;
using System.Text.RegularExpressions;

namespace Flix.HostileRoot.Tests.Support;

/// <summary>
/// The paths a traced process changed, from <c>strace -ff -y</c> logs: every successful call that creates, writes,
/// removes, renames, links or changes the metadata of a path. Paths relative to a descriptor are joined with the
/// descriptor's path (<c>-y</c> prints it); a successful open for writing is taken from the descriptor it returns.
/// </summary>
public static partial class StraceLog
{
    /// <summary>The syscalls traced: each one that can change the file system through a path.</summary>
    public const string TracedCalls =
        "open,openat,openat2,creat,mkdir,mkdirat,rmdir,unlink,unlinkat,rename,renameat,renameat2,link,linkat,symlink,symlinkat,"
        + "chmod,fchmodat,chown,lchown,fchownat,truncate,mknod,mknodat,utimensat,utimes,setxattr,lsetxattr,removexattr,lremovexattr,mount,umount2";

    private static readonly string[] WritingOpenFlags = ["O_WRONLY", "O_RDWR", "O_CREAT", "O_TRUNC"];

    /// <summary>The paths changed according to every log file starting with <paramref name="prefix"/>.</summary>
    public static IReadOnlyList<(string Call, string Path)> Writes(string prefix)
    {
        var writes = new List<(string, string)>();
        string folder = Path.GetDirectoryName(prefix)!;
        foreach (var file in Directory.EnumerateFiles(folder, Path.GetFileName(prefix) + "*"))
        {
            foreach (var line in File.ReadLines(file))
            {
                writes.AddRange(Parse(line));
            }
        }

        return writes;
    }

    private static IEnumerable<(string Call, string Path)> Parse(string line)
    {
        var call = CallLine().Match(line);
        if (!call.Success || call.Groups["result"].Value.StartsWith('-'))
        {
            yield break; // not a call line, or a failed call: nothing changed
        }

        string name = call.Groups["name"].Value;
        string arguments = call.Groups["args"].Value;
        if (name is "open" or "openat" or "openat2" or "creat")
        {
            if (name != "creat" && !WritingOpenFlags.Any(flag => arguments.Contains(flag, StringComparison.Ordinal)))
            {
                yield break;
            }

            // -y prints the returned descriptor with the path it opened: "= 5</out/x.raw>".
            var opened = DescriptorPath().Match(call.Groups["result"].Value);
            yield return (name, opened.Success ? Unescape(opened.Groups["path"].Value) : Paths(arguments).FirstOrDefault() ?? "?");
            yield break;
        }

        var paths = Paths(arguments).ToList();
        if (name is "symlink" or "symlinkat" && paths.Count > 0)
        {
            paths.RemoveAt(0); // the link's target is text, not a path written to
        }

        if (paths.Count == 0)
        {
            yield return (name, "?");
        }

        foreach (var path in paths)
        {
            yield return (name, path);
        }
    }

    /// <summary>Every path argument, each joined with the directory descriptor that comes before it.</summary>
    private static IEnumerable<string> Paths(string arguments)
    {
        foreach (Match match in PathArgument().Matches(arguments))
        {
            string path = Unescape(match.Groups["path"].Value);
            if (path.StartsWith('/') || !match.Groups["dir"].Success)
            {
                yield return path;
                continue;
            }

            string directory = Unescape(match.Groups["dir"].Value);
            yield return path.Length == 0 ? directory : directory.TrimEnd('/') + "/" + path;
        }
    }

    /// <summary>Undoes strace's C escapes (\n, \t, \", \\, \xNN, octal) into the bytes' UTF-8 text.</summary>
    private static string Unescape(string text)
    {
        if (!text.Contains('\\', StringComparison.Ordinal))
        {
            return text;
        }

        var bytes = new List<byte>();
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\' || i + 1 == text.Length)
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
                continue;
            }

            char next = text[++i];
            switch (next)
            {
                case 'n': bytes.Add((byte)'\n'); break;
                case 't': bytes.Add((byte)'\t'); break;
                case 'r': bytes.Add((byte)'\r'); break;
                case 'x' when i + 2 < text.Length:
                    bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                    i += 2;
                    break;
                case >= '0' and <= '7':
                    int end = i;
                    while (end < text.Length && end < i + 3 && text[end] is >= '0' and <= '7')
                    {
                        end++;
                    }

                    bytes.Add(Convert.ToByte(text[i..end], 8));
                    i = end - 1;
                    break;
                default: bytes.Add((byte)next); break;
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    [GeneratedRegex(@"^(?:\d+\s+)?(?<name>[a-z0-9_]+)\((?<args>.*)\)\s+=\s+(?<result>-?\d+.*)$")]
    private static partial Regex CallLine();

    [GeneratedRegex(@"^\d+<(?<path>.*)>")]
    private static partial Regex DescriptorPath();

    [GeneratedRegex(@"(?:(?:AT_FDCWD|\b\d+)(?:<(?<dir>[^>]*)>)?,\s*)?""(?<path>(?:[^""\\]|\\.)*)""")]
    private static partial Regex PathArgument();
}
