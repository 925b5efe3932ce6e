namespace Flix.Sysext.Tests;

public sealed class ImageFormatNamesTests
{
    [Theory]
    [InlineData(ImageFormat.SquashFs, "squashfs", "squashfs")]
    [InlineData(ImageFormat.Erofs, "erofs", "erofs")]
    [InlineData(ImageFormat.Directory, "dir", "directory")]
    public void Every_format_has_one_name_that_parses_back(ImageFormat format, string name, string description)
    {
        Assert.Equal(name, ImageFormatNames.NameOf(format));
        Assert.Equal(description, ImageFormatNames.DescriptionOf(format));
        Assert.True(ImageFormatNames.TryParse(name, out var parsed));
        Assert.Equal(format, parsed);
    }

    [Theory]
    [InlineData("directory")]
    [InlineData("SquashFS")]
    [InlineData(null)]
    public void Other_words_are_no_format_name(string? name) => Assert.False(ImageFormatNames.TryParse(name, out _));

    [Fact]
    public void The_names_cover_every_format_once() =>
        Assert.Equal(Enum.GetValues<ImageFormat>().Select(ImageFormatNames.NameOf), ImageFormatNames.Names);
}
