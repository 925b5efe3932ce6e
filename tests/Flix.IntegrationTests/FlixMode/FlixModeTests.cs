using Flix.IntegrationTests.Fixtures;
using Flix.TestSupport.Processes;
using Flix.TestSupport;
using Xunit.Abstractions;

namespace Flix.IntegrationTests.FlixMode;

/// <summary>
/// Flix mode end to end: trixie's programs (which need a newer glibc than this Debian 12 host) copied with
/// <c>flix IMAGE NAME PATH...</c> from a real registry, merged by the host's real systemd-sysext in a private
/// namespace, then run on the host.
/// </summary>
[Collection(IntegrationCollection.Name)]
[Trait("Builder", "flix-mode")]
[Trait(TestGroups.Trait, TestGroups.SlowCorpus)]
public sealed class FlixModeTests : IClassFixture<FlixModeFixture>
{
    /// <summary>Merges $1 as $2 in private mount and pid namespaces (the TESTING.md recipe), after running $PRE.</summary>
    private const string MergeFunction = """
        image="$1"; name="$2"; shift 2
        mount --make-rshared / || exit 10
        mount -t tmpfs tmpfs /run || exit 11
        merge() { mkdir -p /run/extensions && cp "$image" "/run/extensions/$name.raw" && systemd-sysext merge >&2 || exit 13; }
        cd /tmp || exit 14

        """;

    private readonly FlixModeFixture _fixture;
    private readonly ITestOutputHelper _output;

    public FlixModeTests(FlixModeFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    private static Task<ProcessResult> RunAsync(string image, string name, string script, TimeSpan? timeout = null) =>
        ProcessRunner.RunAsync(
            "unshare",
            ["--mount", "--propagation", "private", "--pid", "--fork", "--kill-child", "--mount-proc", "sh", "-c", MergeFunction + script, "flix-it", image, name],
            timeout: timeout ?? TimeSpan.FromMinutes(3));

    /// <summary>The lines of <paramref name="text"/> starting with <paramref name="prefix"/>, prefix removed.</summary>
    private static Dictionary<string, string> Tagged(string text, string prefix) =>
        text.Split('\n').Where(l => l.StartsWith(prefix, StringComparison.Ordinal))
            .Select(l => l[prefix.Length..].Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : string.Empty);

    [Fact]
    public async Task Trixie_programs_run_on_the_host_and_print_trixies_versions()
    {
        string script = $$"""
            v() { "$@" 2>&1 </dev/null | head -n 1; }
            echo "host:bash=$(v /usr/bin/bash --version)"
            for p in bash jq ls id getent iconv whoami; do echo "chroot:$p=$(v chroot {{_fixture.Rootfs}} /usr/bin/$p --version)"; done
            echo "chroot:nginx=$(v chroot {{_fixture.Rootfs}} /usr/sbin/nginx -v)"
            merge
            for p in bash jq ls id getent iconv whoami; do echo "merged:$p=$(v /usr/bin/$p --version)"; done
            echo "merged:nginx=$(v /usr/bin/nginx -v)"
            echo "merged:origin=$(v /usr/bin/hello-origin)"
            echo "merged:cache=$(/usr/local/tools/lib/ld-linux-x86-64.so.2 --help | grep -c /dev/null/.cache)"
            # readelf as an independent oracle: every ELF file but the loader has NODEFLIB and the private RUNPATH
            bad=0; checked=0
            for f in /usr/bin/bash /usr/bin/jq /usr/bin/nginx /usr/bin/id /usr/local/tools/lib/*.so* /usr/local/tools/gconv/*.so; do
              case $f in */ld-linux-*) continue ;; esac
              checked=$((checked + 1))
              d=$(readelf -dW "$f")
              echo "$d" | grep -q 'Flags: .*NODEFLIB' && echo "$d" | grep -q 'Library runpath: \[/usr/local/tools/lib\]' || { bad=$((bad + 1)); echo "unpatched: $f" >&2; }
            done
            echo "merged:readelf=$checked checked, $bad without NODEFLIB and the private RUNPATH"
            """;

        var result = await RunAsync(_fixture.ToolsImage, "tools", script);

        _output.WriteLine(result.Describe());
        Assert.Equal(0, result.ExitCode);
        var chroot = Tagged(result.StandardOutput, "chroot:");
        var merged = Tagged(result.StandardOutput, "merged:");
        foreach (var program in new[] { "bash", "jq", "ls", "id", "getent", "iconv", "whoami", "nginx" })
        {
            Assert.False(string.IsNullOrWhiteSpace(chroot[program]), $"{program} printed nothing in the chroot");
            Assert.Equal(chroot[program], merged[program]);
        }

        Assert.NotEqual(Tagged(result.StandardOutput, "host:")["bash"], merged["bash"]);
        Assert.Contains("nginx version", merged["nginx"]);
        Assert.Equal("hello from origin", merged["origin"]);
        Assert.Equal("1", merged["cache"]);
        Assert.EndsWith(", 0 without NODEFLIB and the private RUNPATH", merged["readelf"]);
        Assert.False(merged["readelf"].StartsWith("0 ", StringComparison.Ordinal), merged["readelf"]);
    }

    [Fact]
    public async Task User_lookups_go_through_nss_and_answer_as_the_host()
    {
        const string script = """
            ask() { echo "$1:id=$(id)"; echo "$1:idnobody=$(id nobody)"; echo "$1:root=$(getent passwd root)"; echo "$1:nobody=$(getent passwd nobody)"; echo "$1:group=$(getent group root)"; echo "$1:whoami=$(whoami)"; }
            ask host
            merge
            /usr/bin/id --version | head -n 1 >&2
            ask merged
            """;

        var result = await RunAsync(_fixture.ToolsImage, "tools", script);

        _output.WriteLine(result.Describe());
        Assert.Equal(0, result.ExitCode);
        var host = Tagged(result.StandardOutput, "host:");
        var merged = Tagged(result.StandardOutput, "merged:");
        Assert.Equal(6, host.Count);
        foreach (var (key, value) in host)
        {
            Assert.False(string.IsNullOrEmpty(value), key);
            Assert.Equal(value, merged[key]);
        }

        Assert.Equal("root", merged["whoami"]);
    }

    [Fact]
    public async Task Iconv_converts_with_the_private_gconv_modules_only()
    {
        // The host's gconv folder is hidden by a tmpfs: first the host's iconv shows that this hides it, then the
        // merged trixie iconv must convert through the modules of its sysroot.
        const string script = """
            gconv=/usr/lib/x86_64-linux-gnu/gconv
            conv() { printf "$1" | iconv -f UTF-8 -t "$2" | od -An -tx1 | tr -s ' \n' ' ' | sed 's/^ //; s/ $//'; }
            mount -t tmpfs tmpfs $gconv || exit 20
            echo "host:eucjp=$(conv '\346\227\245\346\234\254' EUC-JP 2>/dev/null)"
            umount $gconv || exit 21
            merge
            mount -t tmpfs tmpfs $gconv || exit 22
            echo "merged:latin1=$(conv 'h\303\251' ISO-8859-1)"
            echo "merged:utf16=$(conv 'h\303\251' UTF-16)"
            echo "merged:eucjp=$(conv '\346\227\245\346\234\254' EUC-JP)"
            echo "merged:gconvopens=$(printf 'x' | strace -f -e trace=open,openat iconv -f UTF-8 -t EUC-JP 2>&1 >/dev/null | grep -cE '/usr/local/tools/+gconv/')"
            echo "merged:hostopens=$(printf 'x' | strace -f -e trace=open,openat iconv -f UTF-8 -t EUC-JP 2>&1 >/dev/null | grep -c "$gconv")"
            """;

        var result = await RunAsync(_fixture.ToolsImage, "tools", script);

        _output.WriteLine(result.Describe());
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, Tagged(result.StandardOutput, "host:")["eucjp"]);
        var merged = Tagged(result.StandardOutput, "merged:");
        Assert.Equal("68 e9", merged["latin1"]);
        Assert.Equal("ff fe 68 00 e9 00", merged["utf16"]);
        Assert.Equal("c6 fc cb dc", merged["eucjp"]);
        Assert.NotEqual("0", merged["gconvopens"]);
        Assert.Equal("0", merged["hostopens"]);
    }

    [Fact]
    public async Task Host_libraries_in_the_hosts_loader_cache_and_preload_list_never_bind()
    {
        // A stand-in for Flatcar (runtime-lookups §5): a library in /usr/lib64, listed in a loader cache made by
        // ldconfig, in /etc/ld.so.preload, and named by nsswitch.conf. The host's own programs (the control) load it;
        // the merged trixie programs, whose loader reads neither file and whose objects carry DF_1_NODEFLIB, must not.
        string probe = _fixture.Work.Combine("probe");
        Directory.CreateDirectory(probe);
        await File.WriteAllTextAsync(Path.Combine(probe, "probe.c"), "int flix_probe(void) { return 42; }\n");
        (await ProcessRunner.RunAsync("gcc", ["-shared", "-fPIC", "-Wl,-soname,libnss_flixprobe.so.2", "-o", Path.Combine(probe, "libnss_flixprobe.so.2"), Path.Combine(probe, "probe.c")])).EnsureSuccess();
        string script = $$"""
            fake={{probe}}/fake; etc={{probe}}/etc
            mkdir -p $fake/usr/lib64 $fake/etc && cp {{probe}}/libnss_flixprobe.so.2 $fake/usr/lib64/ || exit 20
            echo /usr/lib64 > $fake/etc/ld.so.conf && ldconfig -r $fake || exit 21
            ln -sf /lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 $fake/usr/lib64/ld-linux-x86-64.so.2
            cp -a /etc $etc && cp $fake/etc/ld.so.cache $etc/ld.so.cache || exit 22
            echo /usr/lib64/libnss_flixprobe.so.2 > $etc/ld.so.preload
            sed -i 's/^passwd:.*/passwd: flixprobe files/' $etc/nsswitch.conf
            fake_flatcar="mount --bind $etc /etc && mount --bind $fake/usr/lib64 /usr/lib64"
            echo "host:loads=$(unshare --mount --propagation private sh -c "$fake_flatcar && LD_DEBUG=libs getent passwd root 2>&1" | grep -c 'calling init: /usr/lib64/libnss_flixprobe')"
            merge
            sh -c "$fake_flatcar" || exit 25
            echo "merged:loads=$(LD_DEBUG=libs /usr/bin/getent passwd root 2>&1 | grep -c /usr/lib64/)"
            echo "merged:private=$(LD_DEBUG=libs /usr/bin/getent passwd root 2>&1 | grep -c /usr/local/tools/lib/)"
            echo "merged:root=$(/usr/bin/getent passwd root)"
            echo "merged:version=$(/usr/bin/getent --version | head -n 1)"
            """;

        var result = await RunAsync(_fixture.ToolsImage, "tools", script);

        _output.WriteLine(result.Describe());
        Assert.Equal(0, result.ExitCode);
        Assert.NotEqual("0", Tagged(result.StandardOutput, "host:")["loads"]);
        var merged = Tagged(result.StandardOutput, "merged:");
        Assert.Equal("0", merged["loads"]);
        Assert.NotEqual("0", merged["private"]); // the loader's debug output is on: the zero above means something
        Assert.StartsWith("root:x:0:0:", merged["root"]);
        Assert.Contains("2.41", merged["version"]);
    }

    [Fact]
    public async Task Every_program_that_runs_in_a_chroot_of_the_image_runs_merged()
    {
        // Each program runs `--version` with stdin from /dev/null and 5 s at most, first in a chroot of the image,
        // then merged; both in the pid namespace, so that a program that signals every process reaches only these,
        // and merged with every mount but /run read-only, so that one that writes or changes modes reaches nothing of
        // the host's (in the chroot they reach the test's copy of the image only).
        var lines = string.Join('\n', _fixture.EveryPrograms.Select(p => $"{p.Source} {p.Target}"));
        string script = PrivateNamespace.ReadOnlyHostFunction + $"""
            list='{lines}'
            echo "$list" | while read -r source target; do timeout -k 1 5 chroot {_fixture.Rootfs} "$source" --version </dev/null >/dev/null 2>&1; echo "chroot:$target=$?"; done
            merge
            read_only_host /run || exit 15
            echo "$list" | while read -r source target; do timeout -k 1 5 "$target" --version </dev/null >/dev/null 2>&1; echo "merged:$target=$?"; done
            """;

        var result = await RunAsync(_fixture.EveryImage, "every", script, TimeSpan.FromMinutes(8));

        Assert.Equal(0, result.ExitCode);
        var chroot = Tagged(result.StandardOutput, "chroot:");
        var merged = Tagged(result.StandardOutput, "merged:");
        var ranInChroot = chroot.Where(p => p.Value == "0").Select(p => p.Key).ToList();
        var ranMerged = merged.Where(p => p.Value == "0").Select(p => p.Key).ToList();
        _output.WriteLine($"ELF programs in /usr/bin and /usr/sbin: {_fixture.EveryPrograms.Count}; ran --version in the chroot: {ranInChroot.Count}; after the merge: {ranMerged.Count}");
        Console.WriteLine($"flix-mode every-program counts: programs={_fixture.EveryPrograms.Count} chroot={ranInChroot.Count} merged={ranMerged.Count}");
        Assert.Equal(_fixture.EveryPrograms.Count, chroot.Count);
        Assert.True(ranInChroot.Count > _fixture.EveryPrograms.Count / 2, $"only {ranInChroot.Count} programs ran in the chroot");
        var failedMerged = ranInChroot.Except(ranMerged).ToList();
        Assert.True(failedMerged.Count == 0, "These ran in the chroot but not merged: " + string.Join(", ", failedMerged.Select(p => $"{p} ({merged.GetValueOrDefault(p)})")));
    }

    [Fact]
    public async Task A_musl_image_runs_through_its_private_loader_and_path_file()
    {
        const string script = """
            merge
            echo "merged:dynamic=$(/usr/bin/hello-musl)"
            echo "merged:static=$(/usr/bin/hello-musl-static)"
            echo "merged:path=$(cat /usr/local/hellomusl/etc/ld-musl-x86_64.path)"
            echo "merged:interp=$(readelf -lW /usr/bin/hello-musl | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p')"
            echo "merged:inside=$(strace -f -e trace=open,openat /usr/bin/hello-musl 2>&1 >/dev/null | grep -c '"/usr/local/hellomusl/lib/libgreet.so.1"')"
            echo "merged:outside=$(strace -f -e trace=open,openat /usr/bin/hello-musl 2>&1 >/dev/null | grep -E '^(\[pid +[0-9]+\] )?open' | grep -v '"/usr/local/hellomusl/' | wc -l)"
            """;

        var result = await RunAsync(_fixture.MuslImage, "hellomusl", script);

        _output.WriteLine(_fixture.MuslOutput);
        _output.WriteLine(result.Describe());
        Assert.Equal(0, result.ExitCode);
        var merged = Tagged(result.StandardOutput, "merged:");
        Assert.Equal("hello from musl", merged["dynamic"]);
        Assert.Equal("hello from static musl", merged["static"]);
        Assert.Equal("/usr/local/hellomusl/lib", merged["path"]);
        Assert.Equal("/usr/local/hellomusl/lib/ld-musl-x86_64.so.1", merged["interp"]);
        Assert.NotEqual("0", merged["inside"]);
        Assert.Equal("0", merged["outside"]); // strace: no file opened outside the sysroot (no /lib, /usr/lib, /usr/local/lib probes)
    }
}
