using System.Buffers.Binary;
using Flix.SquashFs.Compression;
using Flix.SquashFs.Format;
using Flix.SquashFs.Reading;
using Flix.TestSupport.Processes;

namespace Flix.SquashFs.Tests.Compression;

/// <summary>
/// Images made by the real mksquashfs with each compressor are decoded with our compressors: every metadata block of
/// the inode and directory tables directly, and every file through the reader. This proves format compatibility.
/// </summary>
public sealed class CompressorOracleTests : IDisposable
{
    private const int FileCount = 24;
    private readonly string _directory = Directory.CreateTempSubdirectory("flix-squashfs-oracle-").FullName;

    [Theory]
    [InlineData(SquashFsCompression.Gzip, new string[0])]
    [InlineData(SquashFsCompression.Xz, new string[0])]
    [InlineData(SquashFsCompression.Xz, new[] { "-b", "1M" })]
    [InlineData(SquashFsCompression.Lz4, new string[0])]
    [InlineData(SquashFsCompression.Lz4, new[] { "-Xhc" })]
    [InlineData(SquashFsCompression.Zstd, new string[0])]
    [InlineData(SquashFsCompression.Zstd, new[] { "-b", "4K", "-Xcompression-level", "22" })]
    public void DecodesMksquashfsBlocks(SquashFsCompression compression, string[] options)
    {
        string source = Path.Combine(_directory, "source");
        Directory.CreateDirectory(source);
        for (int i = 0; i < FileCount; i++)
        {
            // Sizes from a few bytes to several blocks, compressible text (so blocks really are compressed).
            File.WriteAllBytes(Path.Combine(source, $"file-{i:D2}-with-a-longer-name-to-fill-metadata"), CompressorTests.MakeData("text", (i * i * 500) + 7));
        }

        string image = Path.Combine(_directory, "image.sqfs");
        ProcessRunner.Output(null, "mksquashfs", [source, image, "-noappend", "-quiet", "-no-progress", "-comp", compression.ToString().ToLowerInvariant(), .. options]);

        var bytes = File.ReadAllBytes(image);
        var superblock = Superblock.Read(bytes, image);
        Assert.Equal(compression, superblock.Compressor);
        var compressor = Compressor.Create(compression, (int)superblock.BlockSize);

        // The inode and directory tables are back-to-back metadata blocks up to the first fragment-table block
        // (small files go to fragments, so the image has some).
        Assert.True(superblock.FragmentCount > 0);
        int compressedBlocks = 0;
        long position = (long)superblock.InodeTableStart;
        long end = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan((int)superblock.FragmentTableStart));
        var buffer = new byte[SquashFsConstants.MetadataBlockSize];
        var blockLengths = new List<int>();
        while (position < end)
        {
            ushort header = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan((int)position));
            int stored = header & 0x7FFF;
            var payload = bytes.AsSpan((int)position + 2, stored);
            if ((header & SquashFsConstants.MetadataUncompressedBit) == 0)
            {
                int length = compressor.Decompress(payload, buffer);
                blockLengths.Add(length);
                compressedBlocks++;
            }
            else
            {
                blockLengths.Add(stored);
            }

            position += 2 + stored;
            if (position == (long)superblock.DirectoryTableStart)
            {
                AssertFullBlocks(blockLengths);
                blockLengths.Clear();
            }
        }

        AssertFullBlocks(blockLengths);
        Assert.Equal(end, position);
        Assert.True(compressedBlocks >= 2, $"only {compressedBlocks} metadata blocks were compressed.");

        // Every file through the reader (data blocks and fragments), against the source.
        using var reader = SquashFsImage.Open(image);
        var entries = reader.Walk().ToList();
        Assert.Equal(FileCount, entries.Count);
        foreach (var entry in entries)
        {
            using var stream = reader.OpenFile(entry);
            var content = new byte[stream.Length];
            stream.ReadExactly(content);
            Assert.Equal(File.ReadAllBytes(Path.Combine(source, entry.Path)), content);
        }

        long total = entries.Sum(e => e.Size);
        Assert.True(bytes.Length < total / 2, $"the image ({bytes.Length} bytes) is not much smaller than its files ({total}).");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>Every metadata block of a table but the last holds exactly 8 KiB.</summary>
    private static void AssertFullBlocks(List<int> lengths)
    {
        for (int i = 0; i < lengths.Count - 1; i++)
        {
            Assert.Equal(SquashFsConstants.MetadataBlockSize, lengths[i]);
        }
    }
}
