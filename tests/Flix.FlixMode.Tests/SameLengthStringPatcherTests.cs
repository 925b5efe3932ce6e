using System.Text;
using Flix.Core;
using Flix.FlixMode;

namespace Flix.FlixMode.Tests;

public sealed class SameLengthStringPatcherTests
{
    private static byte[] Strings(params string[] strings) => Encoding.UTF8.GetBytes("\0" + string.Join('\0', strings) + "\0");

    [Fact]
    public void Only_whole_strings_are_replaced()
    {
        var data = Strings("/etc/ld.so.cache", "x/etc/ld.so.cache", "/etc/ld.so.cachex", "Use /etc/ld.so.cache");

        int count = SameLengthStringPatcher.Replace(data, "/etc/ld.so.cache", "/dev/null/.cache");

        Assert.Equal(1, count);
        Assert.Equal(Strings("/dev/null/.cache", "x/etc/ld.so.cache", "/etc/ld.so.cachex", "Use /etc/ld.so.cache"), data);
    }

    [Fact]
    public void A_replacement_of_another_length_is_refused()
    {
        var data = Strings("/usr/lib/x86_64-linux-gnu/gconv");

        Assert.Throws<ArgumentException>(() => SameLengthStringPatcher.Replace(data, "/usr/lib/x86_64-linux-gnu/gconv", "/usr/local/a-rather-long-name/gconv"));
    }

    [Fact]
    public void Slash_padding_keeps_the_folder_and_refuses_a_longer_path()
    {
        Assert.Equal("/usr/local/x//////gconv", SameLengthStringPatcher.SlashPad("/usr/local/x/gconv", 23));
        Assert.Equal("/usr/local/x/gconv", SameLengthStringPatcher.SlashPad("/usr/local/x/gconv", 18));
        Assert.Throws<ArgumentException>(() => SameLengthStringPatcher.SlashPad("/usr/local/x/gconv", 17));
    }

    [Theory]
    // missing
    [InlineData("/etc/other", "/etc/other")]
    // twice
    [InlineData("/etc/ld.so.cache", "/etc/ld.so.cache")]
    public void Exactly_once_means_once(string first, string second)
    {
        var data = Strings(first, second);

        var e = Assert.Throws<FlixException>(() => SameLengthStringPatcher.ReplaceExactlyOnce(data, "/etc/ld.so.cache", "/dev/null/.cache", "ld.so"));
        Assert.Contains("ld.so", e.Message);
    }

    [Fact]
    public void The_loader_cache_and_preload_go_under_dev_null()
    {
        var data = Strings("/etc/ld.so.cache", "/etc/ld.so.preload");

        LoaderPatcher.NeutraliseCacheAndPreload(data, "ld.so");

        Assert.Equal(Strings("/dev/null/.cache", "/dev/null/.preload"), data);
    }

    [Fact]
    public void The_gconv_folder_and_its_cache_point_at_the_private_copy()
    {
        var data = Strings("/usr/lib/x86_64-linux-gnu/gconv", "/usr/lib/x86_64-linux-gnu/gconv/gconv-modules.cache");

        LoaderPatcher.RedirectGconv(data, "/usr/lib/x86_64-linux-gnu/gconv", "/usr/local/tools/gconv", "libc.so.6");

        Assert.Equal(Strings("/usr/local/tools//////////gconv", "/usr/local/tools//////////gconv/gconv-modules.cache"), data);
    }

    [Theory]
    [InlineData("/usr/local/tools", "/usr/local/tools/gconv")]
    // too long for gconv: the short name
    [InlineData("/usr/local/a-longer-name12", "/usr/local/a-longer-name12/g")]
    // too long for anything
    [InlineData("/usr/local/a-much-longer-extension-name", null)]
    public void The_private_gconv_folder_fits_in_libcs_string(string sysroot, string? expected) =>
        Assert.Equal(expected, LoaderPatcher.PrivateGconvDirectory(sysroot, "/usr/lib/x86_64-linux-gnu/gconv"));
}
