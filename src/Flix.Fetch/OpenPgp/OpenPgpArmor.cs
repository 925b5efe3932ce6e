using System.Buffers.Text;
using System.Text;

namespace Flix.Fetch.OpenPgp;

/// <summary>
/// ASCII armor (RFC 9580 6.2): <c>-----BEGIN PGP KIND-----</c>, optional <c>Key: value</c> headers and a blank line,
/// base64 lines, an optional <c>=XXXX</c> CRC-24 line (checked when present), <c>-----END PGP KIND-----</c>. Files
/// that are already binary packets are taken as they are. Consecutive blocks of the same kind are joined.
/// </summary>
internal static class OpenPgpArmor
{
    public const string SignatureKind = "PGP SIGNATURE";
    public const string PublicKeyKind = "PGP PUBLIC KEY BLOCK";

    private const string Dashes = "-----";
    private const string BeginPrefix = "-----BEGIN ";
    private const string EndPrefix = "-----END ";
    private const int CrcChars = 4;
    private const byte NewPacketBit = 0x80;

    /// <summary>
    /// The binary packets of <paramref name="file"/>, an armored block of <paramref name="kind"/> or binary packets;
    /// <paramref name="source"/> names the file in messages.
    /// </summary>
    public static byte[] Unwrap(ReadOnlySpan<byte> file, string kind, string source)
    {
        var start = 0;
        while (start < file.Length && file[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            start++;
        }

        if (start == file.Length)
        {
            throw new OpenPgpException($"{source} is empty, not an OpenPGP {Noun(kind)}.");
        }

        if (file[start..].StartsWith("-----BEGIN PGP "u8))
        {
            return Decode(Encoding.UTF8.GetString(file), kind, source);
        }

        if ((file[0] & NewPacketBit) != 0)
        {
            return file.ToArray();
        }

        var text = Encoding.UTF8.GetString(file[..Math.Min(file.Length, 40)]).Split('\n')[0];
        throw new OpenPgpException($"{source} is not an OpenPGP {Noun(kind)}: it is neither ASCII-armored nor binary packets (it starts with '{Digest.Printable(text)}').");
    }

    private static byte[] Decode(string text, string kind, string source)
    {
        var lines = text.Split('\n').Select(line => line.TrimEnd('\r', ' ', '\t')).ToArray();
        var output = new List<byte>();
        var blocks = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (!line.StartsWith(BeginPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var found = Kind(line, BeginPrefix);
            if (found != kind)
            {
                throw new OpenPgpException($"{source} (line {i + 1}) holds a {Digest.Printable(found ?? line)} block, not a {kind} block.");
            }

            i = DecodeBlock(lines, i, kind, source, output);
            blocks++;
        }

        if (blocks == 0)
        {
            throw new OpenPgpException($"{source} has no '-----BEGIN {kind}-----' line.");
        }

        return [.. output];
    }

    /// <summary>Decodes the block whose BEGIN line is <paramref name="begin"/>; returns the index of its END line.</summary>
    private static int DecodeBlock(string[] lines, int begin, string kind, string source, List<byte> output)
    {
        var i = begin + 1;

        // Headers ("Version: …", "Comment: …") up to a blank line; a base64 line never holds ':'.
        while (i < lines.Length && lines[i].Contains(':', StringComparison.Ordinal))
        {
            i++;
        }

        if (i < lines.Length && lines[i].Length == 0)
        {
            i++;
        }

        var body = new StringBuilder();
        string? crc = null;
        for (; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith(Dashes, StringComparison.Ordinal))
            {
                break;
            }

            if (line.StartsWith('=') && line.Length == 1 + CrcChars)
            {
                crc = line[1..];
                continue;
            }

            if (crc is not null)
            {
                throw new OpenPgpException($"{source} (line {i + 1}): armor continues after its checksum line.");
            }

            body.Append(line);
        }

        if (i == lines.Length || !lines[i].StartsWith(EndPrefix, StringComparison.Ordinal))
        {
            throw new OpenPgpException($"{source} is truncated: the armor has no '-----END {kind}-----' line.");
        }

        if (Kind(lines[i], EndPrefix) != kind)
        {
            throw new OpenPgpException($"{source} (line {i + 1}): '{Digest.Printable(lines[i])}' does not close the {kind} block.");
        }

        var bytes = FromBase64(body.ToString(), source, "the armored data");
        if (crc is not null)
        {
            var expected = FromBase64(crc, source, "the armor's checksum line");
            var actual = Crc24.Compute(bytes);
            if (expected.Length != 3 || (uint)(expected[0] << 16 | expected[1] << 8 | expected[2]) != actual)
            {
                throw new OpenPgpException($"{source} is corrupt: the armor's CRC-24 is ={crc}, the data's is {actual:X6}.");
            }
        }

        output.AddRange(bytes);
        return i;
    }

    private static byte[] FromBase64(string text, string source, string what)
    {
        var buffer = new byte[Base64.GetMaxDecodedFromUtf8Length(text.Length)];
        if (!Convert.TryFromBase64String(text, buffer, out var written))
        {
            throw new OpenPgpException($"{source} is corrupt: {what} is not valid base64.");
        }

        return buffer[..written];
    }

    private static string? Kind(string line, string prefix) =>
        line.EndsWith(Dashes, StringComparison.Ordinal) && line.Length >= prefix.Length + Dashes.Length ? line[prefix.Length..^Dashes.Length] : null;

    private static string Noun(string kind) => kind == SignatureKind ? "signature" : "public key";
}
