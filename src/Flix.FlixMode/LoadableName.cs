using System.Text;
using Flix.Core.Tree;

namespace Flix.FlixMode;

/// <summary>
/// Checks the names an image's ELF files give the loader (DT_NEEDED, PT_INTERP) before they become paths or file
/// names of the extension: a plain file name, or a path whose last part is one. Anything else (empty, a folder such
/// as <c>lib/</c> or <c>lib/.</c>, a name too long for a file) no loader can load, and is reported naming the file.
/// </summary>
public static class LoadableName
{
    /// <summary>Why <paramref name="name"/> cannot name a file to load, as a clause; null when it can.</summary>
    public static string? Problem(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
        {
            return "empty";
        }

        string last = name[(name.LastIndexOf('/') + 1)..];
        if (last.Length == 0)
        {
            return "a folder (it ends in '/')";
        }

        if (last is "." or "..")
        {
            return $"a folder (it ends in '{(name.Length > last.Length ? "/" : string.Empty)}{last}')";
        }

        if (Encoding.UTF8.GetByteCount(last) > TreeNode.MaxNameBytes)
        {
            return $"longer than the {TreeNode.MaxNameBytes} bytes a file name can have";
        }

        return null;
    }

    /// <summary>The file name part of a checked name: the name itself, or a path's last part.</summary>
    public static string FileName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name[(name.LastIndexOf('/') + 1)..];
    }
}
