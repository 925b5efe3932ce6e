using Flix.TestSupport.Processes;
using Flix.TestSupport.Files;
using Flix.TestSupport.Oci;

namespace Flix.Oci.Tests.Fixtures;

public sealed class RootfsComparerTests
{
    [Fact]
    public async Task Two_trees_written_the_same_way_have_no_differences()
    {
        HostTools.RequireRoot("the sample tree holds devices and files owned by other users");
        using var scratch = new TempDirectory();
        await SampleLayers.WriteExpectedTreeAsync(scratch.Combine("a"));
        await SampleLayers.WriteExpectedTreeAsync(scratch.Combine("b"));
        var differences = await RootfsComparer.CompareAsync(scratch.Combine("a"), scratch.Combine("b"));
        Assert.True(differences.Count == 0, RootfsComparer.Format(differences));
    }

    [Fact]
    public async Task Every_kind_of_change_is_reported_by_path()
    {
        HostTools.RequireRoot("the sample tree holds devices and files owned by other users");
        using var scratch = new TempDirectory();
        string expected = scratch.Combine("expected");
        string actual = scratch.Combine("actual");
        await SampleLayers.WriteExpectedTreeAsync(expected);
        await SampleLayers.WriteExpectedTreeAsync(actual);
        string A(string relative) => Path.Combine(actual, relative);

        // A modified byte, same size and mtime.
        var time = File.GetLastWriteTimeUtc(A("etc/hostname"));
        var bytes = await File.ReadAllBytesAsync(A("etc/hostname"));
        bytes[0] ^= 1;
        await File.WriteAllBytesAsync(A("etc/hostname"), bytes);
        File.SetLastWriteTimeUtc(A("etc/hostname"), time);
        // The setuid bit lost.
        File.SetUnixFileMode(A("usr/bin/su"), (UnixFileMode)0b111_101_101);
        // The sticky bit lost on a directory.
        File.SetUnixFileMode(A("tmp"), (UnixFileMode)0b111_111_111);
        // Another owner.
        await ProcessRunner.RunCheckedAsync("chown", ["-h", "1002:1002", A("home/user/notes")]);
        // An xattr changed and a capability dropped.
        await ProcessRunner.RunCheckedAsync("setfattr", ["-n", "user.origin", "-v", "tampered", A("home/user/notes")]);
        await ProcessRunner.RunCheckedAsync("setfattr", ["-x", "security.capability", A("usr/bin/ping")]);
        // A missing file and an extra one.
        File.Delete(A("etc/shadow"));
        await File.WriteAllTextAsync(A("etc/extra"), "x");
        // A symlink target, a device number, a hard link broken into a copy, a type change.
        File.Delete(A("bin"));
        File.CreateSymbolicLink(A("bin"), "/usr/bin");
        File.Delete(A("dev/null"));
        await ProcessRunner.RunCheckedAsync("mknod", ["-m", "666", A("dev/null"), "c", "1", "5"]);
        await ProcessRunner.RunCheckedAsync("touch", ["-h", "-d", "@" + SampleLayers.Time1.ToUnixTimeSeconds(), A("bin"), A("dev/null")]);
        File.Delete(A("usr/bin/tool-alias2"));
        File.Copy(A("usr/bin/tool"), A("usr/bin/tool-alias2"));
        File.SetUnixFileMode(A("usr/bin/tool-alias2"), (UnixFileMode)0b111_101_101);
        File.SetLastWriteTimeUtc(A("usr/bin/tool-alias2"), File.GetLastWriteTimeUtc(A("usr/bin/tool")));
        File.Delete(A("dev/initctl"));
        await File.WriteAllTextAsync(A("dev/initctl"), string.Empty);
        // A file mtime.
        File.SetLastWriteTimeUtc(A("opt-file/inner"), new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        var differences = await RootfsComparer.CompareAsync(expected, actual);
        string all = RootfsComparer.Format(differences);
        string[] wanted =
        [
            "'etc/hostname' content sha256 is",
            "'usr/bin/su' has mode 0755, expected 04755.",
            "'usr/bin/su-link' has mode 0755, expected 04755.", // the same inode
            "'tmp' has mode 0777, expected 01777.",
            "'home/user/notes' is owned by 1002:1002, expected 1001:1001.",
            "'home/user/notes' has xattr user.origin=0x74616d7065726564, expected 0x6c6179657233.",
            "'usr/bin/ping' lacks xattr security.capability=0x",
            "'etc/shadow' (file) is missing.",
            "'etc/extra' (file) is there but not expected.",
            "'bin' points to '/usr/bin', expected 'usr/bin'.",
            "'dev/null' is device 1:5, expected 1:3.",
            "hard-link group usr/bin/tool = usr/bin/tool-alias = usr/bin/tool-alias2 is not found",
            "hard-link group usr/bin/tool = usr/bin/tool-alias is not expected",
            "'dev/initctl' is a file, expected a fifo.",
            "'opt-file/inner' has mtime 978307200, expected 1700100000.",
        ];
        foreach (var line in wanted)
        {
            Assert.True(all.Contains(line, StringComparison.Ordinal), $"Not reported: {line}{Environment.NewLine}{all}");
        }

        Assert.True(wanted.Length == differences.Count, all);

        // Directory mtimes count only when asked.
        Directory.SetLastWriteTimeUtc(A("srv"), new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var withDirectoryTimes = await RootfsComparer.CompareAsync(expected, actual, new RootfsComparison { IgnoreDirectoryMtimes = false });
        Assert.Contains(withDirectoryTimes, d => d.StartsWith("'srv' has mtime 978307200", StringComparison.Ordinal));
        Assert.DoesNotContain(await RootfsComparer.CompareAsync(expected, actual), d => d.StartsWith("'srv' has mtime", StringComparison.Ordinal));
    }
}
