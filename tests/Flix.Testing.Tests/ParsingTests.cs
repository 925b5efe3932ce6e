using Flix.Core;
using Flix.Testing.Boot;
using Flix.Testing.Host;
using Flix.Testing.Merge;

namespace Flix.Testing.Tests;

/// <summary>What flix test reads from systemd's tools, on their real output.</summary>
public sealed class ParsingTests
{
    /// <summary>systemd-sysext 252 refresh at debug level, refusing one image and failing to read another (trimmed).</summary>
    private const string DebugLog = """
        Opened '/run/extensions/t1fc.raw' in O_RDONLY access mode, with O_DIRECT enabled.
        Successfully acquired /dev/loop0, devno=7:0, nr=0, diskseq=307
        Checking for /usr/lib/extension-release.d/extension-release.t1fc: Success
        Failed to read /etc/hostname file of image, ignoring: No such file or directory
        (sd-dissect) succeeded.
        Mounting /proc/self/fd/3 (squashfs) on /run/systemd/sysext/extensions/t1fc (MS_RDONLY|MS_NODEV "")...
        Extension 't1fc' is for OS 'flatcar', but deployed on top of 'debian'.
        Extension 't1' matches '_any' OS.
        Using extensions 't1'.
        Failed to read metadata for image t3: No medium found
        """;

    [Fact]
    public void The_debug_log_gives_each_refused_image_its_reason()
    {
        Assert.Equal(["Extension 't1fc' is for OS 'flatcar', but deployed on top of 'debian'."], SysextDebugLog.ReasonsFor("t1fc", DebugLog));
        Assert.Equal(["Failed to read metadata for image t3: No medium found"], SysextDebugLog.ReasonsFor("t3", DebugLog));
        Assert.Empty(SysextDebugLog.ReasonsFor("t1", DebugLog));
        Assert.Empty(SysextDebugLog.ReasonsFor("other", DebugLog));
    }

    [Fact]
    public void Status_json_lists_the_merged_extensions_per_hierarchy()
    {
        const string json = """[{"hierarchy":"/opt","extensions":"none","since":null},{"hierarchy":"/usr","extensions":["a","b"],"since":1796341260300877}]""";

        var status = SysextStatus.Parse(json);

        Assert.Empty(status["/opt"]);
        Assert.Equal(["a", "b"], status["/usr"]);
        Assert.Empty(SysextStatus.Parse("Failed to connect to bus"));
    }

    [Fact]
    public void The_journal_reason_is_the_cause_not_the_consequence()
    {
        string[] journal =
        [
            "Started bad.service - broken.",
            "bad.service: Main process exited, code=exited, status=203/EXEC",
            "bad.service: Unable to locate executable '/usr/bin/nope': No such file or directory",
            "bad.service: Failed with result 'exit-code'.",
        ];

        Assert.Equal("bad.service: Unable to locate executable '/usr/bin/nope': No such file or directory", JournalReason.Pick("bad.service", journal));
        Assert.Equal("bad.service: Failed with result 'exit-code'.", JournalReason.Pick("bad.service", [journal[1], journal[3]]));
        Assert.Null(JournalReason.Pick("bad.service", []));
    }

    [Fact]
    public void Os_release_is_the_hosts_flatcars_or_a_file()
    {
        Assert.Null(OsReleaseChoice.Parse(null).Text);
        Assert.Contains("\nSYSEXT_LEVEL=1.0\n", OsReleaseChoice.Parse("flatcar").Text);
        Assert.StartsWith("NAME=", OsReleaseChoice.Parse("flatcar").Text);
        Assert.Equal(File.ReadAllText("/etc/os-release"), OsReleaseChoice.Parse("/etc/os-release").Text);
        var error = Assert.Throws<FlixException>(() => OsReleaseChoice.Parse("flatkar"));
        Assert.Equal("--os-release: 'flatkar' is neither 'flatcar' nor an existing os-release file.", error.Message);
    }

    [Fact]
    public void Loop_lists_pair_names_with_disk_sequence_numbers()
    {
        Assert.Equal([new LoopDevice("loop0", "307"), new LoopDevice("loop12", string.Empty)], LoopDevice.ParseList("loop0 307\nloop12\n\n"));
    }
}
