using System.Globalization;
using System.Text;
using Flix.Recipes.Model;

namespace Flix.Recipes.Archives;

/// <summary>The data.tar.* member of a Debian package (an ar archive), read as a tar of any compression.</summary>
internal static class DebPayload
{
    private const int HeaderLength = 60;
    private const int NameLength = 16;
    private const int SizeOffset = 48;
    private const int SizeLength = 10;
    private static readonly byte[] Magic = "!<arch>\n"u8.ToArray();

    public static async Task ReadAsync(Stream file, StagingTree staging, string source, CancellationToken ct)
    {
        var magic = new byte[Magic.Length];
        await file.ReadExactlyAsync(magic, ct).ConfigureAwait(false);
        var header = new byte[HeaderLength];
        while (await file.ReadAtLeastAsync(header, HeaderLength, throwOnEndOfStream: false, ct).ConfigureAwait(false) == HeaderLength)
        {
            var name = Encoding.ASCII.GetString(header, 0, NameLength).TrimEnd(' ', '/');
            if (!long.TryParse(Encoding.ASCII.GetString(header, SizeOffset, SizeLength).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size < 0)
            {
                throw new InvalidDataException($"{source}: a member of the Debian package has a bad size.");
            }

            if (name.StartsWith("data.tar", StringComparison.Ordinal))
            {
                var member = new BoundedStream(file, size);
                var head = new byte[FormatSniffer.HeadLength];
                var buffered = new BufferedStream(member, 1 << 16);
                var length = await PeekAsync(buffered, head, ct).ConfigureAwait(false);
                var format = FormatSniffer.Sniff(head.AsSpan(0, length));
                var tar = ArchiveUnpacker.Decompress(new PrefixStream(head, length, buffered), format is ArchiveFormat.Binary ? ArchiveFormat.Tar : format, leaveOpen: false);
                await using (tar.ConfigureAwait(false))
                {
                    await ArchiveUnpacker.ReadTarAsync(tar, staging, source, ct).ConfigureAwait(false);
                }

                return;
            }

            // Members are padded to an even offset.
            await SkipAsync(file, size + (size % 2), ct).ConfigureAwait(false);
        }

        throw new InvalidDataException($"{source}: the Debian package has no data.tar member.");
    }

    private static async Task<int> PeekAsync(Stream stream, byte[] head, CancellationToken ct) =>
        await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct).ConfigureAwait(false);

    private static async Task SkipAsync(Stream stream, long count, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        while (count > 0)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), ct).ConfigureAwait(false);
            if (read == 0)
            {
                throw new EndOfStreamException("The Debian package ends inside a member.");
            }

            count -= read;
        }
    }
}
