using Flix.SquashFs.Compression;

namespace Flix.Sysext.Tests;

public sealed class SquashFsSettingsTests
{
    [Theory]
    [InlineData("131072", 131072)]
    [InlineData("128K", 131072)]
    [InlineData("128k", 131072)]
    [InlineData("1M", 1048576)]
    [InlineData("4K", 4096)]
    public void Parses_sizes(string text, int expected)
    {
        Assert.True(SquashFsSettings.TryParseSize(text, out int bytes));
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("K")]
    [InlineData("12G")]
    [InlineData("-4K")]
    [InlineData("99999999999M")]
    public void Refuses_bad_sizes(string text) => Assert.False(SquashFsSettings.TryParseSize(text, out _));

    [Theory]
    [InlineData(4096, true)]
    [InlineData(131072, true)]
    [InlineData(1048576, true)]
    [InlineData(2048, false)]
    [InlineData(2097152, false)]
    [InlineData(100000, false)]
    public void Block_sizes_are_powers_of_two_from_4K_to_1M(int size, bool valid) =>
        Assert.Equal(valid, SquashFsSettings.ValidateBlockSize(size) is null);

    [Theory]
    [InlineData(SquashFsCompression.Gzip, 9, true)]
    [InlineData(SquashFsCompression.Gzip, 10, false)]
    [InlineData(SquashFsCompression.Zstd, 22, true)]
    [InlineData(SquashFsCompression.Zstd, 0, false)]
    [InlineData(SquashFsCompression.Xz, 6, true)]
    [InlineData(SquashFsCompression.Lz4, 1, false)]
    public void Levels_fit_the_compressor(SquashFsCompression compression, int level, bool valid) =>
        Assert.Equal(valid, SquashFsSettings.ValidateLevel(compression, level) is null);

    [Theory]
    [InlineData("gzip", SquashFsCompression.Gzip)]
    [InlineData("zstd", SquashFsCompression.Zstd)]
    [InlineData("xz", SquashFsCompression.Xz)]
    [InlineData("lz4", SquashFsCompression.Lz4)]
    public void Parses_compressor_names(string name, SquashFsCompression expected)
    {
        Assert.True(SquashFsSettings.TryParseCompression(name, out var compression));
        Assert.Equal(expected, compression);
        Assert.Equal(name, SquashFsSettings.NameOf(compression));
    }
}
