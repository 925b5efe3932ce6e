using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Flix.Core.Tree;
using Flix.Recipes.Model;

namespace Flix.Recipes.Archives;

/// <summary>
/// The payload of an RPM package: past the lead and the two headers, a compressed cpio archive (newc format),
/// read entry by entry; hard links (one inode, several names) become one node.
/// </summary>
internal static class RpmPayload
{
    private const int LeadLength = 96;
    private const int HeaderIntroLength = 16;
    private const int IndexEntryLength = 16;
    private const int CpioHeaderLength = 110;
    private const uint TypeMask = 0xF000;
    private const uint RegularFile = 0x8000;
    private const uint Directory = 0x4000;
    private const uint Symlink = 0xA000;
    private static readonly byte[] HeaderMagic = [0x8E, 0xAD, 0xE8, 0x01];

    public static async Task ReadAsync(Stream file, StagingTree staging, string source, CancellationToken ct)
    {
        await SkipAsync(file, LeadLength, ct).ConfigureAwait(false);
        await SkipHeaderAsync(file, source, pad: true, ct).ConfigureAwait(false);
        await SkipHeaderAsync(file, source, pad: false, ct).ConfigureAwait(false);
        var buffered = new BufferedStream(file, 1 << 16);
        var head = new byte[FormatSniffer.HeadLength];
        var length = await buffered.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct).ConfigureAwait(false);
        var format = FormatSniffer.Sniff(head.AsSpan(0, length));
        var cpio = ArchiveUnpacker.Decompress(new PrefixStream(head, length, buffered), format is ArchiveFormat.Binary or ArchiveFormat.Tar ? ArchiveFormat.Tar : format, leaveOpen: false);
        await using (cpio.ConfigureAwait(false))
        {
            await ReadCpioAsync(cpio, staging, source, ct).ConfigureAwait(false);
        }
    }

    private static async Task SkipHeaderAsync(Stream file, string source, bool pad, CancellationToken ct)
    {
        var intro = new byte[HeaderIntroLength];
        await file.ReadExactlyAsync(intro, ct).ConfigureAwait(false);
        if (!intro.AsSpan(0, 4).SequenceEqual(HeaderMagic))
        {
            throw new InvalidDataException($"{source}: not an RPM package (no header magic).");
        }

        var entries = BinaryPrimitives.ReadUInt32BigEndian(intro.AsSpan(8));
        var store = BinaryPrimitives.ReadUInt32BigEndian(intro.AsSpan(12));
        if (entries > 100_000 || store > 64 << 20)
        {
            throw new InvalidDataException($"{source}: the RPM header is too large.");
        }

        long size = entries * IndexEntryLength + store;
        if (pad)
        {
            // The signature header is padded to a multiple of 8 bytes.
            size += (8 - ((HeaderIntroLength + size) % 8)) % 8;
        }

        await SkipAsync(file, size, ct).ConfigureAwait(false);
    }

    private static async Task ReadCpioAsync(Stream cpio, StagingTree staging, string source, CancellationToken ct)
    {
        var header = new byte[CpioHeaderLength];
        var inodes = new Dictionary<string, TreeNode>(StringComparer.Ordinal);
        while (true)
        {
            await cpio.ReadExactlyAsync(header, ct).ConfigureAwait(false);
            var magic = Encoding.ASCII.GetString(header, 0, 6);
            if (magic is not ("070701" or "070702"))
            {
                throw new InvalidDataException($"{source}: the RPM payload is not a newc cpio archive.");
            }

            uint Field(int index) => uint.Parse(Encoding.ASCII.GetString(header, 6 + (index * 8), 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var inode = Field(0);
            var mode = Field(1);
            var links = Field(4);
            var mtime = Field(5);
            var size = Field(6);
            var device = $"{Field(7)}:{Field(8)}:{inode}";
            var nameSize = (int)Field(11);
            if (nameSize is <= 0 or > 4096)
            {
                throw new InvalidDataException($"{source}: a cpio entry has a bad name length.");
            }

            var nameBytes = new byte[nameSize];
            await cpio.ReadExactlyAsync(nameBytes, ct).ConfigureAwait(false);
            await SkipAsync(cpio, Pad(CpioHeaderLength + nameSize), ct).ConfigureAwait(false);
            var name = Encoding.UTF8.GetString(nameBytes, 0, nameSize - 1);
            if (name == "TRAILER!!!")
            {
                return;
            }

            var data = new BoundedStream(cpio, size);
            switch (mode & TypeMask)
            {
                case Directory:
                    staging.AddDirectory(name, mode & 0xFFF, mtime);
                    break;
                case Symlink:
                    using (var reader = new StreamReader(data, leaveOpen: true))
                    {
                        staging.AddSymlink(name, await reader.ReadToEndAsync(ct).ConfigureAwait(false), mtime);
                    }

                    break;
                case RegularFile when links > 1 && inodes.TryGetValue(device, out var first):
                    // Another name of an inode seen before; newc puts the data on the last name only.
                    if (size > 0)
                    {
                        var node = await staging.AddFileAsync(name + ".flix-link", data, size, mode & 0xFFF, mtime, ct).ConfigureAwait(false);
                        first.ReplaceContent(node.Content!);
                        staging.Tree.Remove(staging.Normalize(name + ".flix-link")!);
                    }

                    staging.AddNode(name, first);
                    break;
                case RegularFile:
                    var file = await staging.AddFileAsync(name, data, size, mode & 0xFFF, mtime, ct).ConfigureAwait(false);
                    if (links > 1)
                    {
                        inodes[device] = file;
                    }

                    break;
                default:
                    break;
            }

            await data.CopyToAsync(Stream.Null, ct).ConfigureAwait(false);
            await SkipAsync(cpio, Pad(size), ct).ConfigureAwait(false);
        }
    }

    private static long Pad(long length) => (4 - (length % 4)) % 4;

    private static async Task SkipAsync(Stream stream, long count, CancellationToken ct)
    {
        var buffer = new byte[Math.Min(64 * 1024, Math.Max(1, count))];
        while (count > 0)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), ct).ConfigureAwait(false);
            if (read == 0)
            {
                throw new EndOfStreamException("The RPM package ends early.");
            }

            count -= read;
        }
    }
}
