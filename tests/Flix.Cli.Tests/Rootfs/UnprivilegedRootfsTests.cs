using System.Security.Cryptography;
using Flix.Core.Interop;
using Flix.Core.Tree.Overlay;
using Flix.TestSupport.Files;
using Flix.TestSupport.Oci;
using Flix.TestSupport.Processes;

namespace Flix.Cli.Tests.Rootfs;

/// <summary>
/// <c>flix rootfs</c> as the user nobody keeps what the disk cannot take in the metadata overlay beside the root,
/// and a later <c>flix pack</c> of that directory makes the same image as a pack of the root pulled by root.
/// </summary>
public sealed class UnprivilegedRootfsTests
{
    private const uint Nobody = NobodyProcess.Uid;

    [Fact]
    public async Task A_pack_of_a_rootfs_pulled_by_nobody_equals_one_pulled_by_root()
    {
        Assert.Equal(0u, Libc.GetEUid());
        using var scratch = new TempDirectory();
        var builder = new OciLayoutBuilder(scratch.Combine("layout"));
        await builder.AddImageAsync(SampleLayers.Image(), "v1");
        string image = $"oci:{builder.Directory}:v1";
        OpenTo(scratch.Path, Nobody);

        var (rootCode, _, rootError) = await RunInProcessAsync(["rootfs", image, scratch.Combine("as-root"), "--no-cache"]);
        Assert.True(rootCode == 0, rootError);
        Assert.False(File.Exists(MetadataOverlayFile.PathFor(scratch.Combine("as-root"))));

        string output = RunAsNobody(scratch.Path, "rootfs", image, scratch.Combine("as-nobody"), "--no-cache");
        string overlay = MetadataOverlayFile.PathFor(scratch.Combine("as-nobody"));
        Assert.True(File.Exists(overlay), output);
        Assert.Contains(overlay, output);
        Assert.Equal(Nobody, Stat(scratch.Combine("as-nobody", "usr", "bin", "ping")).Uid);

        string fromRoot = await PackAsync(scratch.Combine("as-root"), scratch.Combine("out-root"));
        string fromNobody = await PackAsync(scratch.Combine("as-nobody"), scratch.Combine("out-nobody"));
        Assert.Equal(Sha256(fromRoot), Sha256(fromNobody));

        // Without the overlay the pack differs: owners, the capability and the device node are gone.
        File.Move(overlay, overlay + ".aside");
        string withoutOverlay = await PackAsync(scratch.Combine("as-nobody"), scratch.Combine("out-bare"));
        Assert.NotEqual(Sha256(fromRoot), Sha256(withoutOverlay));
        File.Move(overlay + ".aside", overlay);
    }

    [Fact]
    public async Task A_dir_source_of_a_rootfs_pulled_by_nobody_gets_the_image_metadata_back()
    {
        using var scratch = new TempDirectory();
        await PullSampleAsNobodyAsync(scratch);

        var (code, _, error) = await RunInProcessAsync(["rootfs", "dir:" + scratch.Combine("rootfs"), scratch.Combine("copy")]);

        Assert.True(code == 0, error);
        Assert.Equal(0u, Stat(scratch.Combine("copy", "usr", "bin", "ping")).Uid);
        Assert.Contains("security.capability", Flix.Core.Tree.DirectoryTreeReader.ReadXattrs(scratch.Combine("copy", "usr", "bin", "ping")).Select(x => x.Name));
        Assert.Equal(0x2000u /* character device */, Stat(scratch.Combine("copy", "dev", "null")).Mode & 0xF000u);
    }

    [Fact]
    public async Task A_change_made_after_the_pull_wins_over_the_overlay()
    {
        using var scratch = new TempDirectory();
        await PullSampleAsNobodyAsync(scratch);
        string ping = scratch.Combine("rootfs", "usr", "bin", "ping");
        File.SetUnixFileMode(ping, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var tree = Flix.Core.Tree.Overlay.OverlaidDirectoryReader.Read(scratch.Combine("rootfs"), out var applied);

        Assert.NotNull(applied);
        Assert.True(applied.Applied > 0 && applied.Changed >= 1, applied.ToString());
        var node = tree.Find("usr/bin/ping")!;
        Assert.Equal(0x1C0u /* 0700: the user's chmod */, node.Mode);
        Assert.Equal(Nobody, node.Uid); // the entry is left as it is on disk
        Assert.Equal(0u, tree.Find("etc")!.Uid); // untouched entries get the image's owner back
    }

    [Fact]
    public async Task An_overlay_made_for_another_directory_is_ignored()
    {
        using var scratch = new TempDirectory();
        await PullSampleAsNobodyAsync(scratch);
        string overlay = MetadataOverlayFile.PathFor(scratch.Combine("rootfs"));
        Directory.Move(scratch.Combine("rootfs"), scratch.Combine("moved"));
        Directory.CreateDirectory(scratch.Combine("rootfs", "etc"));

        Assert.True(File.Exists(overlay));
        Assert.Null(MetadataOverlayFile.TryRead(scratch.Combine("rootfs")));
    }

    [Fact]
    public void A_damaged_overlay_is_an_error_naming_the_file()
    {
        using var scratch = new TempDirectory();
        Directory.CreateDirectory(scratch.Combine("rootfs"));
        string overlay = MetadataOverlayFile.PathFor(scratch.Combine("rootfs"));
        File.WriteAllText(overlay, "{\"format\":\"flix-metadata-overlay/1\",\"root\":\"x\",\"entries\":[");

        var error = Assert.Throws<InvalidDataException>(() => MetadataOverlayFile.TryRead(scratch.Combine("rootfs")));

        Assert.Contains(overlay, error.Message);
    }

    private static async Task<string> PackAsync(string tree, string outputDirectory)
    {
        Directory.CreateDirectory(outputDirectory);
        var (code, output, error) = await RunInProcessAsync(
            ["pack", tree, "sample", "--keep-owners", "--allow-outside", "--os", "_any", "--output", outputDirectory, "--epoch", "1700300000"]);
        Assert.True(code == 0, error + output);
        return Path.Combine(outputDirectory, "sample.raw");
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private static StatxBuffer Stat(string path)
    {
        Assert.Equal(0, Libc.Statx(Libc.AtFdCwd, path, Libc.AtSymlinkNoFollow, Libc.StatxBasicStats, out var stat));
        return stat;
    }

    /// <summary>Lets <paramref name="uid"/> write in the scratch folder (it is made by root, mode 0700).</summary>
    private static void OpenTo(string directory, uint uid) => Assert.Equal(0, Libc.LChown(directory, uid, uid));

    private static async Task<(int Code, string Output, string Error)> RunInProcessAsync(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = await Flix.Cli.Program.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Runs the flix CLI (flix.dll beside this assembly) as nobody; returns its standard output.</summary>
    private static string RunAsNobody(string home, params string[] args) =>
        NobodyProcess.Run(home, Path.Combine(AppContext.BaseDirectory, "flix.dll"), args);

    /// <summary>Builds the sample image and pulls it as nobody into SCRATCH/rootfs.</summary>
    private static async Task PullSampleAsNobodyAsync(TempDirectory scratch)
    {
        var builder = new OciLayoutBuilder(scratch.Combine("layout"));
        await builder.AddImageAsync(SampleLayers.Image(), "v1");
        OpenTo(scratch.Path, Nobody);
        RunAsNobody(scratch.Path, "rootfs", $"oci:{builder.Directory}:v1", scratch.Combine("rootfs"), "--no-cache");
    }
}
