using System.Text;
using Flix.Oci.Layers;
using Flix.TestSupport.Files;
using Flix.TestSupport.Processes;

namespace Flix.Oci.Tests.Layers;

/// <summary>
/// Layers whose tar stops without the two zero blocks that end an archive (umoci 0.4 writes them so; Go's and GNU
/// tar's readers take them): read to their last entry, while a tar that stops inside an entry's data is refused.
/// </summary>
public sealed class UnterminatedLayerTests
{
    [Fact]
    public async Task A_tar_without_its_end_blocks_is_read_to_its_last_entry()
    {
        using var scratch = new Scratch();
        byte[] tar = [.. RawTar.Header("usr/"u8.ToArray(), '5', 0), .. FileEntry("usr/hello", "hello\n"), .. RawTar.Header("var/tmp/"u8.ToArray(), '5', 0)];
        await scratch.ApplyAsync(tar);
        Assert.Equal("hello\n", scratch.Read("usr/hello"));
        Assert.True(Directory.Exists(Path.Combine(scratch.Root, "var/tmp")));

        using var gzipped = new Scratch();
        await gzipped.ApplyAsync(LayerBuilder.Gzip(tar), mediaType: OciMediaTypes.LayerGzip);
        Assert.Equal("hello\n", gzipped.Read("usr/hello"));
    }

    [Fact]
    public async Task A_tar_that_stops_inside_an_entrys_data_is_a_truncated_layer()
    {
        using var scratch = new Scratch();
        // The header promises two blocks of data; one follows, and the stream ends on a block boundary.
        byte[] tar = [.. RawTar.Header("big"u8.ToArray(), '0', 1000), .. new byte[RawTar.BlockSize]];
        var e = await Assert.ThrowsAsync<LayerFormatException>(() => scratch.ApplyAsync(tar));
        Assert.Equal("big", e.EntryName);
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tar_that_stops_inside_a_header_is_refused()
    {
        using var scratch = new Scratch();
        byte[] tar = [.. FileEntry("one", "1"), .. RawTar.Header("two"u8.ToArray(), '0', 1).AsSpan(0, 300)];
        var e = await Assert.ThrowsAsync<LayerFormatException>(() => scratch.ApplyAsync(tar));
        Assert.Equal("one", e.EntryName);
    }

    [Fact]
    public async Task A_layer_umoci_insert_wrote_is_read()
    {
        HostTools.Require("umoci");
        using var work = new TempDirectory("flix-umoci-insert-");
        var layout = Path.Combine(work.Path, "layout");
        var added = Directory.CreateDirectory(Path.Combine(work.Path, "add")).FullName;
        Directory.CreateDirectory(Path.Combine(added, "usr/bin"));
        Directory.CreateDirectory(Path.Combine(added, "var/tmp"));
        await File.WriteAllTextAsync(Path.Combine(added, "usr/bin/tool"), "#!/bin/sh\necho tool\n");
        await ProcessRunner.RunCheckedAsync("umoci", ["init", "--layout", layout]);
        await ProcessRunner.RunCheckedAsync("umoci", ["new", "--image", layout + ":t"]);
        await ProcessRunner.RunCheckedAsync("umoci", ["insert", "--image", layout + ":t", added, "/"]);

        // The one gzip blob of the layout is the layer umoci wrote.
        var layer = Directory.GetFiles(Path.Combine(layout, "blobs/sha256")).Select(File.ReadAllBytes).Single(blob => blob is [0x1f, 0x8b, ..]);
        using var scratch = new Scratch();
        await scratch.ApplyAsync(layer, mediaType: OciMediaTypes.LayerGzip);
        Assert.Equal("#!/bin/sh\necho tool\n", scratch.Read("usr/bin/tool"));
        Assert.True(Directory.Exists(Path.Combine(scratch.Root, "var/tmp")));
    }

    private static byte[] FileEntry(string name, string content)
    {
        var data = Encoding.UTF8.GetBytes(content);
        return [.. RawTar.Header(Encoding.UTF8.GetBytes(name), '0', data.Length), .. RawTar.Pad(data)];
    }
}
