using System.Formats.Tar;
using System.Text;
using Flix.Core.Interop;
using Flix.Core.Tree;
using Flix.Oci.Tests.Fixtures;
using Flix.TestSupport.Processes;

namespace Flix.Oci.Tests.Layers;

/// <summary>
/// Applies layers as the user nobody in a child process (setpriv, then this assembly's entry point) and checks
/// that the model carries owners, modes, devices and xattrs while the disk has what nobody could store.
/// </summary>
public sealed class UnprivilegedApplyTests
{
    public const string WarningsMarker = "--- warnings ---";
    private const uint Nobody = NobodyProcess.Uid;

    [Fact]
    public void LayersApplyAsNobodyWithTheModelAuthoritative()
    {
        Assert.Equal(0u, Libc.GetEUid());
        using var scratch = new Scratch();
        var capability = Encoding.Latin1.GetString([0x01, 0x00, 0x00, 0x02, 0x00, 0x20, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        var lower = new LayerBuilder()
            .Directory("usr/")
            .File("usr/bin/ping", "ping", (UnixFileMode)0x9ED /* 04755 */, 0, 0,
                new Dictionary<string, string> { ["SCHILY.xattr.security.capability"] = capability, ["SCHILY.xattr.user.note"] = "n" })
            .File("etc/shadow", "root:*:", (UnixFileMode)0x1A0 /* 0640 */, 0, 42)
            .File("locked", "no access", 0)
            .Directory("ro/", (UnixFileMode)0x16D /* 0555 */)
            .File("ro/inside", "i")
            .File("ro/second", "s")
            .Device("dev/null", TarEntryType.CharacterDevice, 1, 3, (UnixFileMode)0x1B6)
            .Fifo("run/initctl")
            .Symlink("bin", "usr/bin")
            .HardLink("usr/bin/ping6", "usr/bin/ping")
            .ToArray();
        var upper = new LayerBuilder()
            .Whiteout("ro/.wh.inside")
            .File("home/user/file", "mine", (UnixFileMode)0x180, 1000, 1000)
            .ToArray();
        string lowerPath = System.IO.Path.Combine(scratch.Path, "lower.tar");
        string upperPath = System.IO.Path.Combine(scratch.Path, "upper.tar");
        File.WriteAllBytes(lowerPath, lower);
        File.WriteAllBytes(upperPath, upper);
        foreach (var path in new[] { scratch.Path, scratch.Root, lowerPath, upperPath })
        {
            Assert.Equal(0, Libc.LChown(path, Nobody, Nobody));
        }

        var (model, warnings) = RunAsNobody(scratch.Root, lowerPath, upperPath);

        // The model carries what the layers say.
        Assert.Contains("usr/bin/ping RegularFile 4755 0:0", model);
        Assert.Contains("x:security.capability=01000002002000000000000000000000", model);
        Assert.Contains("etc/shadow RegularFile 640 0:42", model);
        Assert.Contains("locked RegularFile 0 0:0", model);
        Assert.Contains("ro Directory 555 0:0", model);
        Assert.Contains("dev/null CharacterDevice 666 0:6 t=1700000000 dev=1:3", model);
        Assert.Contains("run/initctl Fifo", model);
        Assert.Contains("bin Symlink 777 0:0 t=1700000000 -> usr/bin", model);
        Assert.Contains("usr/bin/ping6 RegularFile 4755 0:0", model);
        Assert.Contains("home/user/file RegularFile 600 1000:1000", model);
        Assert.DoesNotContain("ro/inside", model);
        Assert.Contains("ro/second", model);

        // The disk has what nobody could store.
        Assert.Equal((0x8000u, 0u, Nobody), (scratch.Stat("dev/null").Mode & 0xF000u, (uint)scratch.Stat("dev/null").Size, scratch.Stat("dev/null").Uid));
        Assert.Equal(0x1000u, scratch.Stat("run/initctl").Mode & 0xF000u);
        Assert.Equal(Nobody, scratch.Stat("etc/shadow").Uid);
        Assert.Equal("no access", scratch.Read("locked"));
        Assert.Equal(0x1EDu, scratch.Stat("ro").Mode & 0xFFFu); // 0555 plus u+w for the owner
        Assert.Equal(0x9EDu, scratch.Stat("usr/bin/ping").Mode & 0xFFFu);
        Assert.Equal(scratch.Stat("usr/bin/ping").Ino, scratch.Stat("usr/bin/ping6").Ino);
        Assert.False(scratch.Exists("ro/inside"));
        var xattrs = DirectoryTreeReader.ReadXattrs(System.IO.Path.Combine(scratch.Root, "usr/bin/ping")).Select(x => x.Name).ToList();
        Assert.Contains("user.note", xattrs);
        Assert.DoesNotContain("security.capability", xattrs);
        Assert.Contains(warnings, w => w.Contains("security.capability") && w.Contains("usr/bin/ping"));
        Assert.Contains(warnings, w => w.Contains("dev/null"));
    }

    private static (string Model, List<string> Warnings) RunAsNobody(string root, params string[] tars)
    {
        string stdout = NobodyProcess.Run(System.IO.Path.GetDirectoryName(root)!, typeof(UnprivilegedApplyTests).Assembly.Location, ["apply-layers", root, .. tars]);
        var parts = stdout.Split(WarningsMarker + "\n");
        return (parts[0], parts[1].Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList());
    }
}
