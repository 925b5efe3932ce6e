using System.Buffers.Binary;
using Flix.SquashFs.Format;
using Flix.SquashFs.Reading;
using Flix.TestSupport.Processes;

namespace Flix.SquashFs.Tests.Reading;

/// <summary>
/// Truncated and corrupted images must fail with <see cref="InvalidDataException"/> or
/// <see cref="NotSupportedException"/> only: no other exception, no hang, no runaway allocation.
/// </summary>
public sealed class CorruptionTests : IClassFixture<CorruptionTests.SmallImages>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly SmallImages _images;

    public CorruptionTests(SmallImages images) => _images = images;

    public static TheoryData<string> Variants => [.. SmallImages.Variants.Keys];

    [Theory]
    [MemberData(nameof(Variants))]
    public void IntactImageReadsCompletely(string variant)
    {
        Assert.Null(ReadEverything(_images.Images[variant]));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void TruncationsRaiseInvalidData(string variant)
    {
        var original = File.ReadAllBytes(_images.Images[variant]);
        long bytesUsed = BinaryPrimitives.ReadInt64LittleEndian(original.AsSpan(40));
        var lengths = new List<int> { 0, 1, 4, 95, 96, 97, 200 };
        for (int i = 1; i <= 40; i++)
        {
            lengths.Add((int)(bytesUsed * i / 41));
        }

        lengths.Add((int)bytesUsed - 1);
        var failures = new List<string>();
        foreach (int length in lengths.Where(l => l < bytesUsed).Distinct())
        {
            var error = Mutate(original, $"truncated to {length}", bytes => bytes.AsSpan(0, length).ToArray());
            if (error is not InvalidDataException)
            {
                failures.Add($"truncated to {length}: {error?.GetType().Name ?? "no error"}: {error?.Message}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Every superblock byte inverted, bytes flipped at random, and u32 words set to 0xFFFFFFFF in the tables.</summary>
    [Theory]
    [MemberData(nameof(Variants))]
    public void CorruptionsRaiseOnlyFormatErrors(string variant)
    {
        var original = File.ReadAllBytes(_images.Images[variant]);
        long bytesUsed = BinaryPrimitives.ReadInt64LittleEndian(original.AsSpan(40));
        long inodeTable = BinaryPrimitives.ReadInt64LittleEndian(original.AsSpan(64));
        var random = new Random(variant.Length * 7919);
        var mutations = new List<(string Name, Func<byte[], byte[]> Apply)>();
        for (int i = 0; i < SquashFsConstants.SuperblockSize; i++)
        {
            int at = i;
            mutations.Add(($"superblock byte {at} inverted", b => { b[at] ^= 0xFF; return b; }));
        }

        for (int i = 0; i < 150; i++)
        {
            int at = random.Next(SquashFsConstants.SuperblockSize, (int)bytesUsed);
            byte mask = (byte)random.Next(1, 256);
            mutations.Add(($"byte {at} ^= 0x{mask:x2}", b => { b[at] ^= mask; return b; }));
        }

        for (int i = 0; i < 100; i++)
        {
            int at = random.Next((int)inodeTable, (int)bytesUsed - 4);
            mutations.Add(($"u32 at {at} = 0xFFFFFFFF", b => { BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at), uint.MaxValue); return b; }));
        }

        for (int i = 0; i < 50; i++)
        {
            int at = random.Next((int)inodeTable, (int)bytesUsed - 2);
            ushort value = (ushort)random.Next(0, 0x10000);
            mutations.Add(($"u16 at {at} = {value}", b => { BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(at), value); return b; }));
        }

        var failures = new List<string>();
        int detected = 0;
        foreach (var (name, apply) in mutations)
        {
            var error = Mutate(original, name, apply);
            if (error is InvalidDataException or NotSupportedException)
            {
                detected++;
                Assert.Contains(_images.Scratch, error.Message, StringComparison.Ordinal); // names the image
            }
            else if (error is not null)
            {
                failures.Add($"{name}: {error.GetType().Name}: {error.Message}\n{error.StackTrace}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(detected >= mutations.Count / 4, $"only {detected} of {mutations.Count} corruptions were noticed.");
    }

    /// <summary>A subdirectory entry that points back at the root inode must be reported as a loop, not followed forever.</summary>
    [Fact]
    public void DirectoryLoopIsDetected()
    {
        var bytes = File.ReadAllBytes(_images.LoopImage);
        var superblock = Superblock.Read(bytes, "loop");
        int directoryTable = (int)superblock.DirectoryTableStart;
        var table = bytes.AsSpan(directoryTable, (int)superblock.BytesUsed - directoryTable);

        // Root's listing: header (count-1, inode block, base number), then the entry "sub".
        int name = table.IndexOf("\u0001\u0000\u0002\u0000sub"u8);
        Assert.True(name > 12, "the entry 'sub' was not found in the uncompressed directory table.");
        int entry = name - 4;
        int header = entry - 12;
        ulong rootRef = superblock.RootInode;
        BinaryPrimitives.WriteUInt32LittleEndian(table[(header + 4)..], (uint)(rootRef >> 16));
        BinaryPrimitives.WriteUInt32LittleEndian(table[(header + 8)..], superblock.InodeCount); // the root's number
        BinaryPrimitives.WriteUInt16LittleEndian(table[entry..], (ushort)(rootRef & 0xFFFF));
        BinaryPrimitives.WriteInt16LittleEndian(table[(entry + 2)..], 0);

        var error = Mutate(bytes, "loop", b => b);
        Assert.IsType<InvalidDataException>(error);
        Assert.Contains("loop", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Valid images with a compressor the reader lacks (lzo, lzma) are refused as unsupported at Open.</summary>
    [Theory]
    [InlineData("lzo")]
    [InlineData("lzma")]
    public void UnsupportedCompressorRaisesNotSupported(string compressor)
    {
        string image = Path.Combine(Path.GetDirectoryName(_images.Scratch)!, compressor + ".sqfs");
        ProcessRunner.Output(null, "mksquashfs", Path.GetDirectoryName(_images.LoopImage)! + "/loop-source", image, "-noappend", "-quiet", "-no-progress", "-comp", compressor);
        var error = Assert.Throws<NotSupportedException>(() => SquashFsImage.Open(image));
        Assert.Contains(image, error.Message, StringComparison.Ordinal);
    }

    /// <summary>Writes the mutated bytes beside the original and reads everything; returns the error, or null.</summary>
    private Exception? Mutate(byte[] original, string name, Func<byte[], byte[]> apply)
    {
        string path = _images.Scratch;
        File.WriteAllBytes(path, apply((byte[])original.Clone()));
        var task = Task.Run(() => ReadEverything(path));
        if (!task.Wait(Timeout))
        {
            Assert.Fail($"Reading the image with '{name}' did not finish within {Timeout}.");
        }

        return task.Result;
    }

    /// <summary>Reads every entry, xattr and byte of an image, through Walk and ReadTree.</summary>
    private static Exception? ReadEverything(string path)
    {
        try
        {
            using var image = SquashFsImage.Open(path);
            _ = image.Root;
            var buffer = new byte[64 * 1024];
            foreach (var entry in image.Walk())
            {
                if (entry.Kind == Core.Tree.EntryKind.RegularFile)
                {
                    using var stream = image.OpenFile(entry);
                    while (stream.Read(buffer) > 0)
                    {
                    }
                }
            }

            var tree = image.ReadTree();
            foreach (var (_, node) in tree.Walk())
            {
                if (node.Content is { } content)
                {
                    using var stream = content.OpenRead();
                    stream.CopyTo(Stream.Null);
                }
            }

            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    /// <summary>Small images of the tree without its big parts, one per compressor, plus one for the loop test.</summary>
    public sealed class SmallImages : IDisposable
    {
        public static readonly IReadOnlyDictionary<string, string[]> Variants = new Dictionary<string, string[]>
        {
            ["gzip"] = ["-comp", "gzip"],
            ["xz"] = ["-comp", "xz"],
            ["lz4"] = ["-comp", "lz4"],
            ["zstd"] = ["-comp", "zstd"],
            ["uncompressed-4k"] = ["-comp", "gzip", "-b", "4096", "-noI", "-noD", "-noF", "-noX", "-noId", "-always-use-fragments"],
        };

        private readonly string _directory;

        public SmallImages()
        {
            _directory = Directory.CreateTempSubdirectory("flix-squashfs-corrupt-").FullName;
            try
            {
                string source = Path.Combine(_directory, "source");
                SourceTree.Create(source, full: false);
                foreach (var (name, options) in Variants)
                {
                    string image = Path.Combine(_directory, name + ".sqfs");
                    ProcessRunner.Output(null, "mksquashfs", [source, image, "-noappend", "-quiet", "-no-progress", "-processors", "1", .. options]);
                    Images[name] = image;
                }

                string loopSource = Path.Combine(_directory, "loop-source");
                Directory.CreateDirectory(Path.Combine(loopSource, "sub"));
                File.WriteAllText(Path.Combine(loopSource, "sub", "file"), "x");
                LoopImage = Path.Combine(_directory, "loop.sqfs");
                ProcessRunner.Output(null, "mksquashfs", loopSource, LoopImage, "-noappend", "-quiet", "-no-progress", "-noI", "-no-xattrs");
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        public Dictionary<string, string> Images { get; } = [];

        public string LoopImage { get; }

        /// <summary>Where mutated copies are written (the name appears in error messages).</summary>
        public string Scratch => Path.Combine(_directory, "scratch.sqfs.mutated");

        public void Dispose() => Directory.Delete(_directory, recursive: true);
    }
}
