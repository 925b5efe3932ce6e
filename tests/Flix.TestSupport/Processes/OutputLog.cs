using System.Text;

namespace Flix.TestSupport.Processes;

/// <summary>The first 64 KiB of the output lines of a server a fixture started, for the error when it misbehaves; thread-safe.</summary>
public sealed class OutputLog
{
    private const int Limit = 64 * 1024;

    private readonly StringBuilder _text = new();

    /// <summary>Adds a line (null, the end of a stream, is ignored).</summary>
    public void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_text)
        {
            if (_text.Length < Limit)
            {
                _text.AppendLine(line);
            }
        }
    }

    public override string ToString()
    {
        lock (_text)
        {
            return _text.ToString();
        }
    }
}
