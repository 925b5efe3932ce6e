using System.Buffers.Binary;
using System.Diagnostics;
using Flix.Core.Tree;
using Flix.Erofs.Format;
using Flix.Erofs.Reading;

namespace Flix.Erofs.Tests;

/// <summary>
/// Truncated and corrupted EROFS images fail with <see cref="InvalidDataException"/> or
/// <see cref="NotSupportedException"/> only: no other exception, no hang, no runaway allocation.
/// </summary>
public sealed class CorruptionTests : IClassFixture<ErofsImages>
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);

    private readonly ErofsImages _images;

    public CorruptionTests(ErofsImages images) => _images = images;

    public static TheoryData<string> Variants => ["flix", "full-indexes", "small-clusters"];

    [Theory]
    [MemberData(nameof(Variants))]
    public void TruncationsRaiseInvalidData(string variant)
    {
        var original = File.ReadAllBytes(_images.Images[variant]);
        var lengths = new List<int> { 0, 1, 1023, 1024, 1100, 1151, 4096 };
        for (int i = 1; i <= 40; i++)
        {
            lengths.Add((int)((long)original.Length * i / 41));
        }

        lengths.Add(original.Length - 1);
        var failures = new List<string>();
        foreach (int length in lengths.Distinct())
        {
            var error = ReadMutated(original, bytes => bytes.AsSpan(0, length).ToArray());
            if (error is not InvalidDataException)
            {
                failures.Add($"truncated to {length}: {error?.GetType().Name ?? "no error"}: {error?.Message}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Every superblock byte inverted, bytes flipped at random, u32 words set to 0xFFFFFFFF and to small numbers in the metadata.</summary>
    [Theory]
    [MemberData(nameof(Variants))]
    public void CorruptionsRaiseOnlyFormatErrors(string variant)
    {
        var original = File.ReadAllBytes(_images.Images[variant]);
        var random = new Random(variant.Length * 7919);
        var mutations = new List<(string Name, Func<byte[], byte[]> Apply)>();
        for (int i = 0; i < ErofsConstants.SuperblockSize; i++)
        {
            int at = ErofsConstants.SuperblockOffset + i;
            mutations.Add(($"superblock byte {i} inverted", b => { b[at] ^= 0xFF; return b; }));
        }

        // The metadata (inodes, directories, indexes) of these small images lies in their first blocks.
        int metadataEnd = Math.Min(original.Length, 64 * 1024);
        for (int i = 0; i < 150; i++)
        {
            int at = random.Next(ErofsConstants.SuperblockOffset + ErofsConstants.SuperblockSize, original.Length);
            byte mask = (byte)random.Next(1, 256);
            mutations.Add(($"byte {at} ^= 0x{mask:x2}", b => { b[at] ^= mask; return b; }));
        }

        for (int i = 0; i < 100; i++)
        {
            int at = random.Next(ErofsConstants.SuperblockOffset + ErofsConstants.SuperblockSize, metadataEnd - 4) & ~1;
            uint value = (i % 2 == 0) ? uint.MaxValue : (uint)random.Next(0, 4096);
            mutations.Add(($"u32 at {at} = {value}", b => { BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at), value); return b; }));
        }

        var failures = new List<string>();
        var clock = Stopwatch.StartNew();
        foreach (var (name, apply) in mutations)
        {
            var error = ReadMutated(original, bytes => apply(bytes.ToArray()));
            if (error is not (null or InvalidDataException or NotSupportedException))
            {
                failures.Add($"{name}: {error.GetType().Name}: {error.Message}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(clock.Elapsed < Budget, $"{mutations.Count} corrupted images took {clock.Elapsed}.");
    }

    [Fact]
    public void ErrorsNameTheImageAndTheOffset()
    {
        var original = File.ReadAllBytes(_images.Images["flix"]);
        var error = ReadMutated(original, bytes => { var copy = bytes.ToArray(); copy[ErofsConstants.SuperblockOffset] = 0; return copy; });
        Assert.IsType<InvalidDataException>(error);
        Assert.Contains("corrupt.erofs", error.Message, StringComparison.Ordinal);
        Assert.Contains("offset 1024", error.Message, StringComparison.Ordinal);

        error = ReadMutated(original, bytes => bytes.AsSpan(0, original.Length / 2).ToArray());
        Assert.Matches(@"offset \d+", error!.Message);
    }

    /// <summary>Writes the mutated image, reads every entry and every file's content; returns what was thrown, or null.</summary>
    private static Exception? ReadMutated(byte[] original, Func<byte[], byte[]> mutate)
    {
        string path = Path.Combine(Path.GetTempPath(), $"flix-erofs-{Environment.ProcessId}-corrupt.erofs");
        File.WriteAllBytes(path, mutate(original));
        try
        {
            using var image = ErofsImage.Open(path);
            foreach (var entry in image.Walk())
            {
                if (entry.Kind == EntryKind.RegularFile)
                {
                    using var stream = image.OpenFile(entry);
                    stream.CopyTo(Stream.Null);
                }
            }

            return null;
        }
        catch (Exception e)
        {
            return e;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
