namespace Flix.Sysext.Tests;

public sealed class SysextPackOptionsTests
{
    private static SysextPackOptions Valid() => new() { Name = "myext", Architecture = "x86-64", OutputDirectory = "out" };

    [Fact]
    public void Defaults_are_valid_and_bakery_like()
    {
        var options = Valid();

        Assert.Empty(options.Validate());
        Assert.Equal("_any", options.Os);
        Assert.Equal(ImageFormat.SquashFs, options.Format);
        Assert.Equal(Flix.SquashFs.Compression.SquashFsCompression.Gzip, options.Compression);
        Assert.Equal(131072, options.BlockSize);
        Assert.Equal("myext.raw", options.OutputName);
    }

    [Fact]
    public void A_version_gives_bakery_file_names()
    {
        Assert.Equal("myext-1.2.3-arm64.raw", (Valid() with { Version = "1.2.3", Architecture = "arm64" }).OutputName);
        Assert.Equal("myext-1.2.3-x86-64", (Valid() with { Version = "1.2.3", Format = ImageFormat.Directory }).OutputName);
        Assert.Equal("myext", (Valid() with { Format = ImageFormat.Directory }).OutputName);
    }

    [Fact]
    public void Sysupdate_needs_a_version()
    {
        Assert.Contains((Valid() with { Sysupdate = true }).Validate(), p => p.Contains("needs a version"));
        Assert.Empty((Valid() with { Sysupdate = true, Version = "1" }).Validate());
    }

    [Fact]
    public void Every_problem_is_listed()
    {
        var problems = (Valid() with { Name = "a/b", Os = "Bad", Architecture = "x86", Epoch = -1, BlockSize = 3 }).Validate();

        Assert.Equal(5, problems.Count);
    }

    [Fact]
    public void SquashFs_writer_options_carry_the_choices()
    {
        var writer = SquashFsImageWriter.CreateWriterOptions(Valid() with
        {
            Compression = Flix.SquashFs.Compression.SquashFsCompression.Zstd,
            CompressionLevel = 19,
            BlockSize = 1 << 20,
            Epoch = 1_700_000_000,
        });

        Assert.Equal((Flix.SquashFs.Compression.SquashFsCompression.Zstd, (int?)19, 1 << 20, 1_700_000_000u), (writer.Compression, writer.CompressionLevel, writer.BlockSize, writer.Timestamp));
    }
}
