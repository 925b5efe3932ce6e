using System.Formats.Tar;
using System.IO.Compression;
using Flix.Core.Compression;
using Flix.Core.Tree;
using Flix.Oci.Layers;
using Flix.Recipes.Model;

namespace Flix.Recipes.Archives;

/// <summary>
/// Unpacks a verified artifact into a <see cref="StagingTree"/>: tar (plain, gzip, xz, zstd, bzip2), zip, a single
/// file, the data payload of a .deb or the cpio payload of an .rpm. The format is the one the recipe names, checked
/// against the first bytes, or taken from them.
/// </summary>
public static class ArchiveUnpacker
{
    private const uint DefaultFileMode = 0x1A4;
    private const uint UnixTypeMask = 0xF000;
    private const uint UnixSymlink = 0xA000;
    private const uint UnixDirectory = 0x4000;

    /// <summary>Unpacks <paramref name="path"/>; <paramref name="fileName"/> names a single-file artifact.</summary>
    public static async Task<(FileTree Tree, ArchiveFormat Format)> UnpackAsync(
        string path, ArchiveFormat format, string fileName, string source, string scratchDirectory, CancellationToken ct)
    {
        var found = await FormatSniffer.SniffFileAsync(path, ct).ConfigureAwait(false);
        if (found == ArchiveFormat.TarGzip && format is ArchiveFormat.Auto or ArchiveFormat.Gzip && !await HoldsTarAsync(path, ct).ConfigureAwait(false))
        {
            found = ArchiveFormat.Gzip;
        }

        if (format == ArchiveFormat.Auto)
        {
            format = found;
        }
        else if (format != ArchiveFormat.Binary && format != found)
        {
            throw new InvalidDataException($"{source}: the recipe says {ArchiveFormats.NameOf(format)} but the data is {ArchiveFormats.NameOf(found)}.");
        }

        var staging = new StagingTree(scratchDirectory, source);
        var file = File.OpenRead(path);
        await using (file.ConfigureAwait(false))
        {
            switch (format)
            {
                case ArchiveFormat.Binary:
                    await AddSingleFileAsync(staging, fileName, file, file.Length, source, ct).ConfigureAwait(false);
                    break;
                case ArchiveFormat.Gzip:
                    var inflated = new GZipStream(file, CompressionMode.Decompress, leaveOpen: true);
                    await using (inflated.ConfigureAwait(false))
                    {
                        var single = fileName.EndsWith(".gz", StringComparison.Ordinal) ? fileName[..^3] : fileName;
                        await AddSingleFileAsync(staging, single, inflated, StagingTree.MaxBytes, source, ct).ConfigureAwait(false);
                    }

                    break;
                case ArchiveFormat.Zip:
                    await ReadZipAsync(file, staging, source, ct).ConfigureAwait(false);
                    break;
                case ArchiveFormat.Deb:
                    await DebPayload.ReadAsync(file, staging, source, ct).ConfigureAwait(false);
                    break;
                case ArchiveFormat.Rpm:
                    await RpmPayload.ReadAsync(file, staging, source, ct).ConfigureAwait(false);
                    break;
                default:
                    var tar = Decompress(file, format, leaveOpen: true);
                    await using (tar.ConfigureAwait(false))
                    {
                        await ReadTarAsync(tar, staging, source, ct).ConfigureAwait(false);
                    }

                    break;
            }
        }

        return (staging.Tree, format);
    }

    /// <summary>A single-file artifact, named <paramref name="fileName"/> (or "download" when that is no plain name).</summary>
    private static async Task AddSingleFileAsync(StagingTree staging, string fileName, Stream content, long length, string source, CancellationToken ct)
    {
        var name = fileName.Length == 0 || fileName.Contains('/') || fileName is "." or ".." ? "download" : fileName;
        try
        {
            await staging.AddFileAsync(name, content, length, DefaultFileMode, 0, ct).ConfigureAwait(false);
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(source, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{source}: {e.Message}", e);
        }
    }

    /// <summary>Whether the gzip data at <paramref name="path"/> holds a tar archive (or one file).</summary>
    private static async Task<bool> HoldsTarAsync(string path, CancellationToken ct)
    {
        var file = File.OpenRead(path);
        await using (file.ConfigureAwait(false))
        {
            var inflated = new GZipStream(file, CompressionMode.Decompress);
            await using (inflated.ConfigureAwait(false))
            {
                var head = new byte[FormatSniffer.HeadLength];
                try
                {
                    var length = await inflated.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct).ConfigureAwait(false);
                    return FormatSniffer.Sniff(head.AsSpan(0, length)) == ArchiveFormat.Tar;
                }
                catch (InvalidDataException)
                {
                    // Corrupt gzip data: let the tar reader say so.
                    return true;
                }
            }
        }
    }

    /// <summary>Opens the tar stream inside a compressed stream, as <paramref name="format"/> (a tar format) says.</summary>
    internal static Stream Decompress(Stream stream, ArchiveFormat format, bool leaveOpen) => format switch
    {
        ArchiveFormat.TarGzip => new GZipStream(stream, CompressionMode.Decompress, leaveOpen),
        ArchiveFormat.TarXz => new XzDecompressionStream(stream, leaveOpen),
        ArchiveFormat.TarZstd => new ZstdDecompressionStream(stream, leaveOpen),
        ArchiveFormat.TarBzip2 => new Bzip2DecompressionStream(stream, leaveOpen),
        ArchiveFormat.Tar => leaveOpen ? new NonClosingStream(stream) : stream,
        _ => throw new NotSupportedException($"{ArchiveFormats.NameOf(format)} is not a tar format."),
    };

    /// <summary>Reads every tar entry into <paramref name="staging"/>; links stay links, hard links one node.</summary>
    internal static async Task ReadTarAsync(Stream tar, StagingTree staging, string source, CancellationToken ct)
    {
        try
        {
            var reader = new TarReader(tar, leaveOpen: true);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.GetNextEntryAsync(copyData: false, ct).ConfigureAwait(false) is { } entry)
                {
                    var mtime = entry.ModificationTime.ToUnixTimeSeconds();
                    var mode = (uint)entry.Mode & 0xFFF;
                    switch (entry.EntryType)
                    {
                        case TarEntryType.Directory:
                            staging.AddDirectory(entry.Name, mode, mtime);
                            break;
                        case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                            await staging.AddFileAsync(entry.Name, entry.DataStream ?? Stream.Null, entry.Length, mode, mtime, ct).ConfigureAwait(false);
                            break;
                        case TarEntryType.SymbolicLink:
                            staging.AddSymlink(entry.Name, entry.LinkName, mtime);
                            break;
                        case TarEntryType.HardLink:
                            staging.AddHardLink(entry.Name, entry.LinkName);
                            break;
                        default:
                            // Global headers, devices and fifos: nothing a release archive ships into an extension.
                            break;
                    }
                }
            }

            // Read to the end: only the end of the stream proves the compression intact (CRC, last frame).
            await tar.CopyToAsync(Stream.Null, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException && !e.Message.StartsWith(source, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{source}: not a readable tar archive: {e.Message}", e);
        }
    }

    private static async Task ReadZipAsync(Stream file, StagingTree staging, string source, CancellationToken ct)
    {
        try
        {
            await ReadZipEntriesAsync(file, staging, ct).ConfigureAwait(false);
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(source, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{source}: not a readable zip archive: {e.Message}", e);
        }
    }

    private static async Task ReadZipEntriesAsync(Stream file, StagingTree staging, CancellationToken ct)
    {
        var archive = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
        await using (archive.ConfigureAwait(false))
        {
            foreach (var entry in archive.Entries)
            {
                var unixMode = (uint)entry.ExternalAttributes >> 16;
                var mtime = entry.LastWriteTime.ToUnixTimeSeconds();
                if (entry.FullName.EndsWith('/') || (unixMode & UnixTypeMask) == UnixDirectory)
                {
                    staging.AddDirectory(entry.FullName, unixMode == 0 ? 0x1ED : unixMode & 0xFFF, mtime);
                    continue;
                }

                var stream = await entry.OpenAsync(ct).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    if ((unixMode & UnixTypeMask) == UnixSymlink)
                    {
                        using var reader = new StreamReader(stream);
                        staging.AddSymlink(entry.FullName, await reader.ReadToEndAsync(ct).ConfigureAwait(false), mtime);
                    }
                    else
                    {
                        await staging.AddFileAsync(entry.FullName, stream, entry.Length, unixMode == 0 ? DefaultFileMode : unixMode & 0xFFF, mtime, ct).ConfigureAwait(false);
                    }
                }
            }
        }
    }

    /// <summary>A view of a stream whose disposal leaves the stream open.</summary>
    private sealed class NonClosingStream(Stream inner) : Flix.Core.IO.ReadOnlyStream
    {
        public override int Read(Span<byte> buffer) => inner.Read(buffer);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);
    }
}
