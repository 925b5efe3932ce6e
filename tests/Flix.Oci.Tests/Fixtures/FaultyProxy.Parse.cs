using System.Globalization;
using System.Text;

namespace Flix.Oci.Tests.Fixtures;

public sealed partial class FaultyProxy
{
    /// <summary>A parsed request: method, path with query, headers in order, and the body.</summary>
    private sealed record ProxyHttpRequest(string Method, string PathAndQuery, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
    {
        public string Path => PathAndQuery.Split('?', 2)[0];

        public string? Header(string name) =>
            Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
    }

    /// <summary>Reads one request: the head up to CRLF CRLF (at most 64 KiB), then a Content-Length or chunked body.</summary>
    private static async Task<ProxyHttpRequest?> ReadRequestAsync(Stream stream, CancellationToken ct)
    {
        var reader = new BufferedReader(stream);
        string? requestLine = await reader.ReadLineAsync(ct);
        if (string.IsNullOrEmpty(requestLine))
        {
            return null;
        }

        string[] parts = requestLine.Split(' ');
        if (parts.Length != 3 || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"Not an HTTP/1.x request line: '{requestLine}'.");
        }

        var headers = new List<KeyValuePair<string, string>>();
        int headBytes = requestLine.Length;
        while (await reader.ReadLineAsync(ct) is { Length: > 0 } line)
        {
            headBytes += line.Length + 2;
            if (headBytes > MaxHeaderBytes)
            {
                throw new InvalidDataException($"The request head is over {MaxHeaderBytes} bytes.");
            }

            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
            }
        }

        string target = parts[1];
        // An absolute-form target (proxy style); on Unix "/path" would parse as an absolute file URI, so check the scheme.
        if (target.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(target, UriKind.Absolute, out var absolute))
        {
            target = absolute.PathAndQuery;
        }

        byte[] body = [];
        var contentLength = headers.FirstOrDefault(h => h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Value;
        bool chunked = headers.Any(h => h.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && h.Value.Contains("chunked", StringComparison.OrdinalIgnoreCase));
        if (chunked)
        {
            using var buffer = new MemoryStream();
            while (true)
            {
                string sizeLine = await reader.ReadLineAsync(ct) ?? throw new InvalidDataException("The chunked body ended early.");
                int size = int.Parse(sizeLine.Split(';')[0].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (size == 0)
                {
                    while (await reader.ReadLineAsync(ct) is { Length: > 0 })
                    {
                    }

                    break;
                }

                buffer.Write(await reader.ReadExactlyAsync(size, ct));
                await reader.ReadLineAsync(ct);
            }

            body = buffer.ToArray();
        }
        else if (contentLength is not null)
        {
            body = await reader.ReadExactlyAsync(int.Parse(contentLength, CultureInfo.InvariantCulture), ct);
        }

        return new ProxyHttpRequest(parts[0], target, headers, body);
    }

    /// <summary>Reads CRLF lines and exact byte counts from a stream through one buffer.</summary>
    private sealed class BufferedReader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[16 * 1024];
        private int _start;
        private int _end;

        public async Task<string?> ReadLineAsync(CancellationToken ct)
        {
            var line = new MemoryStream();
            while (true)
            {
                if (_start == _end && !await FillAsync(ct))
                {
                    return line.Length == 0 ? null : Encoding.Latin1.GetString(line.ToArray());
                }

                int newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
                if (newline < 0)
                {
                    line.Write(_buffer, _start, _end - _start);
                    _start = _end;
                    if (line.Length > MaxHeaderBytes)
                    {
                        throw new InvalidDataException($"A request line is over {MaxHeaderBytes} bytes.");
                    }

                    continue;
                }

                line.Write(_buffer, _start, newline - _start);
                _start = newline + 1;
                string text = Encoding.Latin1.GetString(line.ToArray());
                return text.EndsWith('\r') ? text[..^1] : text;
            }
        }

        public async Task<byte[]> ReadExactlyAsync(int count, CancellationToken ct)
        {
            var result = new byte[count];
            int filled = 0;
            while (filled < count)
            {
                if (_start == _end && !await FillAsync(ct))
                {
                    throw new InvalidDataException($"The request body ended after {filled} of {count} bytes.");
                }

                int take = Math.Min(count - filled, _end - _start);
                Array.Copy(_buffer, _start, result, filled, take);
                _start += take;
                filled += take;
            }

            return result;
        }

        private async Task<bool> FillAsync(CancellationToken ct)
        {
            _start = 0;
            _end = await stream.ReadAsync(_buffer, ct);
            return _end > 0;
        }
    }
}
