using Flix.Core.Interop;
using Flix.TestSupport.Processes;

namespace Flix.TestSupport.Oci;

/// <summary>
/// A three-layer image that exercises every entry kind the applier must handle, and the tree it must
/// produce (<see cref="WriteExpectedTreeAsync"/>, written with plain file operations, not from the tars).
/// </summary>
public static class SampleLayers
{
    /// <summary>A version-2 file capability (cap_net_raw+ep) as stored in <c>security.capability</c>.</summary>
    public static readonly byte[] NetRawCapability = Convert.FromHexString("0100000200200000000000000000000000000000");

    public static readonly DateTimeOffset Time1 = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
    public static readonly DateTimeOffset Time2 = DateTimeOffset.FromUnixTimeSeconds(1_700_100_000);
    public static readonly DateTimeOffset Time3 = DateTimeOffset.FromUnixTimeSeconds(1_700_200_000);

    /// <summary>Base: dirs, files with owners and special bits, symlinks, a hard link, devices, a fifo, xattrs.</summary>
    public static IReadOnlyList<LayerEntry> Layer1 { get; } =
    [
        LayerEntry.Directory("etc").WithTime(Time1),
        LayerEntry.File("etc/hostname", "base\n").WithTime(Time1),
        LayerEntry.File("etc/shadow", "root:*:1::::::\n", mode: 0b110_100_000, gid: 42).WithTime(Time1),
        LayerEntry.Directory("usr").WithTime(Time1),
        LayerEntry.Directory("usr/bin").WithTime(Time1),
        LayerEntry.File("usr/bin/ping", "ping-binary", mode: 0b111_101_101).WithTime(Time1).WithXattr("security.capability", NetRawCapability),
        LayerEntry.File("usr/bin/su", "su-binary", mode: 0b100_111_101_101).WithTime(Time1),
        LayerEntry.HardLink("usr/bin/su-link", "usr/bin/su"),
        LayerEntry.Symlink("usr/bin/sh", "dash").WithTime(Time1),
        LayerEntry.Symlink("bin", "usr/bin").WithTime(Time1),
        LayerEntry.Directory("tmp", mode: 0b001_111_111_111).WithTime(Time1),
        LayerEntry.Directory("dev").WithTime(Time1),
        LayerEntry.CharacterDevice("dev/null", 1, 3).WithTime(Time1),
        LayerEntry.BlockDevice("dev/loop7", 7, 7).WithTime(Time1),
        LayerEntry.Fifo("dev/initctl", mode: 0b110_000_000).WithTime(Time1),
        LayerEntry.Directory("usr/share").WithTime(Time1),
        LayerEntry.Directory("usr/share/doc").WithTime(Time1),
        LayerEntry.Directory("usr/share/doc/pkg").WithTime(Time1),
        LayerEntry.File("usr/share/doc/pkg/README", "read me\n").WithTime(Time1),
        LayerEntry.Directory("var").WithTime(Time1),
        LayerEntry.Directory("var/cache").WithTime(Time1),
        LayerEntry.File("var/cache/a", "a").WithTime(Time1),
        LayerEntry.File("var/cache/b", "b").WithTime(Time1),
        LayerEntry.Directory("var/cache/sub").WithTime(Time1),
        LayerEntry.File("var/cache/sub/c", "c").WithTime(Time1),
        LayerEntry.Directory("home").WithTime(Time1),
        LayerEntry.Directory("home/user", mode: 0b111_101_000, uid: 1000, gid: 1000).WithTime(Time1),
        LayerEntry.File("home/user/notes", "user notes\n", uid: 1000, gid: 1000).WithTime(Time1).WithXattr("user.origin", "layer1"),
        LayerEntry.File("home/user/old", "to be removed\n", uid: 1000, gid: 1000).WithTime(Time1),
        LayerEntry.File("opt-file", "a file that becomes a directory\n").WithTime(Time1),
    ];

    /// <summary>Changes: whiteouts of a file and a dir, an opaque dir with new content, a replaced file, a file turned dir.</summary>
    public static IReadOnlyList<LayerEntry> Layer2 { get; } =
    [
        LayerEntry.File("etc/hostname", "changed\n", mode: 0b110_100_000).WithTime(Time2),
        LayerEntry.Whiteout("home/user/old"),
        LayerEntry.Directory("var/cache").WithTime(Time2),
        LayerEntry.File("var/cache/new", "fresh cache\n").WithTime(Time2),
        LayerEntry.Opaque("var/cache"),
        LayerEntry.Directory("opt-file").WithTime(Time2),
        LayerEntry.File("opt-file/inner", "inner\n").WithTime(Time2),
        LayerEntry.File("usr/bin/tool", "tool v1", mode: 0b111_101_101).WithTime(Time2),
        LayerEntry.HardLink("usr/bin/tool-alias", "usr/bin/tool"),
        LayerEntry.HardLink("usr/bin/tool-alias2", "usr/bin/tool"),
    ];

    /// <summary>More: a whiteout of a directory, a symlink replaced by a file, an xattr change, a new owner.</summary>
    public static IReadOnlyList<LayerEntry> Layer3 { get; } =
    [
        LayerEntry.Whiteout("dev/loop7"),
        LayerEntry.Whiteout("var/cache/new"),
        LayerEntry.Whiteout("usr/share/doc"),
        LayerEntry.File("usr/bin/sh", "now a file", mode: 0b111_101_101).WithTime(Time3),
        LayerEntry.File("home/user/notes", "user notes v2\n", uid: 1001, gid: 1001).WithTime(Time3).WithXattr("user.origin", "layer3"),
        LayerEntry.Directory("srv", mode: 0b111_000_000, uid: 7, gid: 8).WithTime(Time3),
        LayerEntry.File("srv/big", new byte[70_000].Select((_, i) => (byte)(i * 7)).ToArray(), mode: 0b110_000_000, uid: 7, gid: 8).WithTime(Time3),
        LayerEntry.Whiteout("home/user/missing-in-lower"),
    ];

    public static ImageSpec Image(LayerCompression compression = LayerCompression.Gzip) => ImageSpec.Of(
        LayerSource.FromEntries(Layer1, compression),
        LayerSource.FromEntries(Layer2, compression),
        LayerSource.FromEntries(Layer3, compression));

    /// <summary>Writes the final state of <see cref="Image"/> into <paramref name="root"/> with plain file operations (needs root).</summary>
    public static async Task WriteExpectedTreeAsync(string root, CancellationToken ct = default)
    {
        Directory.CreateDirectory(root);
        Dir("etc", 0b111_101_101, 0, 0, Time1);
        Dir("usr", 0b111_101_101, 0, 0, Time1);
        Dir("usr/bin", 0b111_101_101, 0, 0, Time1);
        Dir("usr/share", 0b111_101_101, 0, 0, Time1);
        Dir("tmp", 0b001_111_111_111, 0, 0, Time1);
        Dir("dev", 0b111_101_101, 0, 0, Time1);
        Dir("var", 0b111_101_101, 0, 0, Time1);
        Dir("var/cache", 0b111_101_101, 0, 0, Time2);
        Dir("home", 0b111_101_101, 0, 0, Time1);
        Dir("home/user", 0b111_101_000, 1000, 1000, Time1);
        Dir("opt-file", 0b111_101_101, 0, 0, Time2);
        Dir("srv", 0b111_000_000, 7, 8, Time3);

        FileAt("etc/hostname", "changed\n"u8.ToArray(), 0b110_100_000, 0, 0, Time2);
        FileAt("etc/shadow", "root:*:1::::::\n"u8.ToArray(), 0b110_100_000, 0, 42, Time1);
        FileAt("usr/bin/ping", "ping-binary"u8.ToArray(), 0b111_101_101, 0, 0, Time1);
        FileAt("usr/bin/su", "su-binary"u8.ToArray(), 0b100_111_101_101, 0, 0, Time1);
        Link("usr/bin/su", "usr/bin/su-link");
        FileAt("usr/bin/sh", "now a file"u8.ToArray(), 0b111_101_101, 0, 0, Time3);
        FileAt("usr/bin/tool", "tool v1"u8.ToArray(), 0b111_101_101, 0, 0, Time2);
        Link("usr/bin/tool", "usr/bin/tool-alias");
        Link("usr/bin/tool", "usr/bin/tool-alias2");
        File.CreateSymbolicLink(P("bin"), "usr/bin");
        FileAt("home/user/notes", "user notes v2\n"u8.ToArray(), 0b110_100_100, 1001, 1001, Time3);
        FileAt("opt-file/inner", "inner\n"u8.ToArray(), 0b110_100_100, 0, 0, Time2);
        FileAt("srv/big", new byte[70_000].Select((_, i) => (byte)(i * 7)).ToArray(), 0b110_000_000, 7, 8, Time3);

        await ProcessRunner.RunCheckedAsync("mknod", ["-m", "666", P("dev/null"), "c", "1", "3"], ct);
        await ProcessRunner.RunCheckedAsync("mknod", ["-m", "600", P("dev/initctl"), "p"], ct);
        await ProcessRunner.RunCheckedAsync("setfattr", ["-n", "security.capability", "-v", "0x" + Convert.ToHexStringLower(NetRawCapability), P("usr/bin/ping")], ct);
        await ProcessRunner.RunCheckedAsync("setfattr", ["-n", "user.origin", "-v", "layer3", P("home/user/notes")], ct);
        await ProcessRunner.RunCheckedAsync("touch", ["-h", "-d", "@" + Time1.ToUnixTimeSeconds(), P("bin"), P("dev/null"), P("dev/initctl")], ct);

        string P(string relative) => Path.Combine(root, relative);

        void Link(string existing, string relative)
        {
            if (Libc.Link(P(existing), P(relative)) != 0)
            {
                throw new IOException($"link '{relative}' to '{existing}' failed with errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}.");
            }
        }

        void Dir(string relative, int mode, int uid, int gid, DateTimeOffset time)
        {
            Directory.CreateDirectory(P(relative));
            Own(relative, mode, uid, gid);
            Directory.SetLastWriteTimeUtc(P(relative), time.UtcDateTime);
        }

        void FileAt(string relative, byte[] content, int mode, int uid, int gid, DateTimeOffset time)
        {
            File.WriteAllBytes(P(relative), content);
            Own(relative, mode, uid, gid);
            File.SetLastWriteTimeUtc(P(relative), time.UtcDateTime);
        }

        void Own(string relative, int mode, int uid, int gid)
        {
            // chown first: it clears suid/sgid.
            ChangeOwner(P(relative), uid, gid);
            File.SetUnixFileMode(P(relative), (UnixFileMode)mode);
        }
    }

    private static void ChangeOwner(string path, int uid, int gid)
    {
        if (Libc.LChown(path, (uint)uid, (uint)gid) != 0)
        {
            throw new IOException($"lchown '{path}' to {uid}:{gid} failed with errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}.");
        }
    }
}
