using Flix.Core;

namespace Flix.Recipes;

/// <summary>A recipe that cannot be used as written: the message names the file, the line and the key.</summary>
public sealed class RecipeFormatException : FlixException
{
    public RecipeFormatException(string file, int line, string key, string detail, Exception? innerException = null)
        : base($"{file}:{line}: {(key.Length == 0 ? string.Empty : key + ": ")}{detail}", innerException)
    {
        File = file;
        Line = line;
        Key = key;
        Detail = detail;
    }

    /// <summary>The recipe file (or the embedded recipe's name).</summary>
    public string File { get; }

    /// <summary>1-based; 0 when the problem has no line (an empty file).</summary>
    public int Line { get; }

    /// <summary>The key path, such as <c>artifacts[0].url</c>; empty for the whole document.</summary>
    public string Key { get; }

    public string Detail { get; }
}
