using System.Text;

namespace Flix.Cli.Conventions;

/// <summary>
/// Passes text on to another writer and remembers whether any was written, and the lines that begin with
/// "flix: " (the error lines), so that --json can report a failure a command printed only as text.
/// </summary>
internal sealed class RecordingTextWriter(TextWriter inner) : TextWriter
{
    private const int MaxRecorded = 4096;
    private readonly StringBuilder _text = new();

    public override Encoding Encoding => inner.Encoding;

    public bool Written { get; private set; }

    /// <summary>The error lines written, without their "flix: " or "flix: error: " prefix.</summary>
    public IReadOnlyList<string> ErrorLines => [.. Recorded().Split('\n')
        .Where(line => line.StartsWith("flix: ", StringComparison.Ordinal))
        .Select(line => line.StartsWith("flix: error: ", StringComparison.Ordinal) ? line["flix: error: ".Length..] : line["flix: ".Length..])];

    public override void Write(char value)
    {
        Written = true;
        Record(value.ToString());
        inner.Write(value);
    }

    public override void Write(string? value)
    {
        Written |= !string.IsNullOrEmpty(value);
        Record(value);
        inner.Write(value);
    }

    public override void Write(char[] buffer, int index, int count)
    {
        Written |= count > 0;
        Record(new string(buffer, index, count));
        inner.Write(buffer, index, count);
    }

    public override Task WriteAsync(string? value)
    {
        Written |= !string.IsNullOrEmpty(value);
        Record(value);
        return inner.WriteAsync(value);
    }

    public override Task WriteLineAsync(string? value)
    {
        Written = true;
        Record(value + "\n");
        return inner.WriteLineAsync(value);
    }

    public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
    {
        Written |= buffer.Length > 0;
        Record(buffer.ToString());
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteLineAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
    {
        Written = true;
        Record(buffer.ToString() + "\n");
        return inner.WriteLineAsync(buffer, cancellationToken);
    }

    public override void WriteLine(string? value)
    {
        Written = true;
        Record(value + "\n");
        inner.WriteLine(value);
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync() => inner.FlushAsync();

    private string Recorded()
    {
        lock (_text)
        {
            return _text.ToString();
        }
    }

    private void Record(string? value)
    {
        lock (_text)
        {
            if (value is not null && _text.Length < MaxRecorded)
            {
                _text.Append(value.AsSpan(0, Math.Min(value.Length, MaxRecorded - _text.Length)));
            }
        }
    }
}
