using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Flix.Testing.Boot;
using Flix.TestSupport;
using Flix.TestSupport.Cache;
using Flix.TestSupport.Processes;

namespace Flix.Recipes.Tests.Images;

/// <summary>
/// The catalogue's recipes built from Debian packages, baked end to end from one real trixie image with apt (a local
/// registry, packages from the Debian mirror): the image's tree (programs executable in usr/bin, nothing in usr/sbin,
/// units and the Upholds= drop-in), its extension-release, its SHA256SUMS line, a real <c>systemd-sysext merge</c> in
/// a private mount namespace, and <c>systemd-analyze verify</c> of each shipped unit finding every executable.
/// </summary>
[Trait(TestGroups.Trait, TestGroups.SlowCorpus)]
public sealed partial class DebianRecipeBakeTests(TrixieAptFixture fixture) : IClassFixture<TrixieAptFixture>
{
    /// <summary>Recipe, programs in /usr/bin, units started on merge, /etc defaults copied to the host.</summary>
    public static TheoryData<string, string[], string[], string[]> Recipes => new()
    {
        { "keepalived", ["keepalived"], ["keepalived.service"], ["/etc/default/keepalived"] },
        { "bird", ["bird", "birdc"], ["bird.service"], ["/etc/bird"] },
        { "chrony", ["chronyd", "chronyc"], ["chrony.service"], ["/etc/chrony"] },
        { "haproxy", ["haproxy"], ["haproxy.service"], ["/etc/haproxy"] },
        { "btop", ["btop"], [], [] },
        { "tilde", ["tilde"], [], [] },
        { "docker", ["docker", "dockerd", "docker-proxy", "containerd", "containerd-shim-runc-v2", "ctr", "runc"], ["docker.socket", "containerd.service"], ["/etc/containerd", "/etc/docker", "/etc/default/docker"] },
    };

    /// <summary>
    /// Commands run on the merged tree, each with what its output must hold: the programs start through their private
    /// sysroot (Flix mode's loader and libraries), on this host whatever its own C library. {upstream} stands for the
    /// upstream part of the extension's version.
    /// </summary>
    private static readonly Dictionary<string, (string Command, string Output)[]> Runs = new(StringComparer.Ordinal)
    {
        ["docker"] =
        [
            // By full path: the host's PATH may hold its own docker in /usr/local/bin. docker-cli is built from docker.io's
            // source: both say the extension's version ({upstream}: 26.1.5 of 26.1.5+dfsg1-9+deb13u1).
            ("/usr/bin/docker --version", "Docker version {upstream}"),
            ("/usr/bin/dockerd --version", "Docker version {upstream}"),
            ("/usr/bin/containerd --version", "containerd "),
            ("/usr/bin/ctr --version", "ctr "),
            ("/usr/bin/runc --version", "runc version "),
            ("/usr/bin/docker-init --version", "tini version "),
            // dockerd looks up docker-init, docker-proxy and runc on PATH, containerd the shim: all in /usr/bin.
            ("for p in docker-init docker-proxy runc containerd-shim-runc-v2; do command -v $p; done", "/usr/bin/docker-init\n/usr/bin/docker-proxy\n/usr/bin/runc\n/usr/bin/containerd-shim-runc-v2"),
        ],
        ["tilde"] =
        [
            ("/usr/bin/tilde --version", "Tilde version {upstream}"),
            // The data tilde and its libraries read from compiled-in paths, which the bakery's tilde leaves out.
            ("ls /usr/share/tilde/base.config /usr/share/libt3key1/xterm /usr/share/libt3highlight2/lang.map /usr/lib/x86_64-linux-gnu/transcript1/aliases.txt",
                "/usr/lib/x86_64-linux-gnu/transcript1/aliases.txt\n/usr/share/libt3highlight2/lang.map\n/usr/share/libt3key1/xterm\n/usr/share/tilde/base.config"),
            // tilde draws its window on a terminal (script's pty, 24x80; in the foreground, or a read from it stops it):
            // its first-run dialog shows that it started with its configuration, the terminal's description and charsets.
            ("mkdir -p /run/flix-tilde; (sleep 3; printf '\\021') | HOME=/run/flix-tilde TERM=xterm LANG=C.UTF-8 script -qec 'stty rows 24 cols 80; timeout --foreground 5 /usr/bin/tilde -x --ignore-running /run/flix-tilde/new.txt' /dev/null | grep -o 'Input Handling'",
                "Input Handling"),
        ],
    };

    /// <summary>
    /// Recipes booted under systemd (<c>flix test --boot</c>) after the merge checks, with the groups their units need
    /// that Flatcar has and the Debian boot root lacks (docker.socket's group docker).
    /// </summary>
    /// <summary>
    /// Recipes also booted under systemd: the groups their sockets need in the boot root, and a client command run in
    /// the container against the daemon the extension starts, with what its output must hold.
    /// </summary>
    private static readonly Dictionary<string, (string[] Groups, string[] Command, string Output)> Boots = new(StringComparer.Ordinal)
    {
        ["docker"] = (["docker"], ["docker", "version", "--format", "{{.Server.Version}}"], "{upstream}"),
    };

    [Theory]
    [MemberData(nameof(Recipes))]
    public async Task Bake_installs_the_package_and_makes_an_image_that_merges_with_its_units_runnable(string name, string[] programs, string[] started, string[] etc)
    {
        var output = fixture.Work.CreateSubdirectory("out-" + name);
        var clock = Stopwatch.StartNew();
        // The image of the recipe's Debian suite (debian:trixie, debian:bookworm), from the local registry.
        var suite = RecipeCatalogue.Load().Recipes.Single(r => r.Name == name).Build!.Image.Split(':')[^1];
        var reference = await fixture.ReferenceForAsync(suite);
        var (code, stdout, stderr) = await fixture.FlixAsync("bake", name, "latest", "--arch", "x86-64", "--image", reference, "--output", output, "--json");
        Assert.True(code == 0, stdout + stderr);
        using var report = JsonDocument.Parse(stdout);
        var version = report.RootElement.GetProperty("version").GetString()!;
        Assert.Matches(DebianVersion(), version);
        var file = $"{name}-{version}-x86-64.raw";
        var image = Path.Combine(output, file);
        Assert.Equal(image, report.RootElement.GetProperty("path").GetString());
        var sums = await File.ReadAllTextAsync(Path.Combine(output, "SHA256SUMS"));
        Assert.Contains($"{Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(image)))}  {file}\n", sums, StringComparison.Ordinal);

        var listing = (await ProcessRunner.RunCheckedAsync("unsquashfs", "-lln", image)).StandardOutput;
        var entries = listing.Split('\n').Where(l => l.Length > 0 && l[0] is 'd' or '-' or 'l').Select(l => l.Replace(" squashfs-root/", " /", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(entries, e => e.Contains(" /usr/sbin", StringComparison.Ordinal) || e.EndsWith(" /sbin", StringComparison.Ordinal));
        foreach (var program in programs)
        {
            Assert.Contains(entries, e => e.StartsWith("-rwx", StringComparison.Ordinal) && e.EndsWith($" /usr/bin/{program}", StringComparison.Ordinal));
        }

        foreach (var unit in started)
        {
            Assert.Contains(entries, e => e.EndsWith($" /usr/lib/systemd/system/{unit}", StringComparison.Ordinal));
        }

        var release = (await ProcessRunner.RunCheckedAsync("unsquashfs", "-cat", image, $"usr/lib/extension-release.d/extension-release.{name}")).StandardOutput;
        Assert.Contains("ID=", release, StringComparison.Ordinal);
        Assert.Contains("ARCHITECTURE=x86-64", release, StringComparison.Ordinal);
        if (started.Length > 0)
        {
            Assert.Contains("EXTENSION_RELOAD_MANAGER=1", release, StringComparison.Ordinal);
        }

        // Each unit is upheld by its target, as the bakery does: sockets by sockets.target, services by multi-user.target.
        foreach (var unit in started)
        {
            var target = unit.EndsWith(".socket", StringComparison.Ordinal) ? "sockets.target" : "multi-user.target";
            var dropIn = (await ProcessRunner.RunCheckedAsync("unsquashfs", "-cat", image, $"usr/lib/systemd/system/{target}.d/10-{name}.conf")).StandardOutput;
            Assert.Contains($"Upholds={unit}\n", dropIn, StringComparison.Ordinal);
        }

        // The package's /etc defaults ship under /usr and a tmpfiles.d C line copies each into the host's /etc.
        if (etc.Length > 0)
        {
            var tmpfiles = (await ProcessRunner.RunCheckedAsync("unsquashfs", "-cat", image, $"usr/lib/tmpfiles.d/flix-{name}.conf")).StandardOutput.Split('\n');
            foreach (var path in etc)
            {
                var line = Assert.Single(tmpfiles, l => l.StartsWith($"C {path} ", StringComparison.Ordinal));
                var seed = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1];
                Assert.Contains(entries, e => e.EndsWith(" " + seed, StringComparison.Ordinal));
            }
        }

        // Merged in a private mount namespace: the programs run from /usr/bin, and systemd-analyze finds every
        // executable of every shipped unit (it prints "Command ... is not executable" otherwise).
        var units = entries.Select(e => e[(e.LastIndexOf(' ') + 1)..])
            .Where(p => p.StartsWith("/usr/lib/systemd/system/", StringComparison.Ordinal) && p.Count(c => c == '/') == 5 && p.EndsWith(".service", StringComparison.Ordinal))
            .ToList();
        var commands = Runs.GetValueOrDefault(name, []);
        var merged = await PrivateNamespace.RunAsync(
            """
            set -e
            image=$1; name=$2; shift 2
            mount --make-rshared /
            mount -t tmpfs tmpfs /run
            mkdir -p /run/extensions
            cp "$image" "/run/extensions/$name.raw"
            systemd-sysext merge >/dev/null
            systemd-sysext status --no-pager | grep -q "$name"
            for unit in "$@"; do
              case $unit in
                /*) echo "== $unit"; systemd-analyze verify --man=no "$unit" 2>&1 || true ;;
                run:*) printf '== %s\n' "${unit#run:}"; sh -c "${unit#run:}" 2>&1 || echo "exit $?" ;;
                *) test -x "/usr/bin/$unit" && echo "ran /usr/bin/$unit" ;;
              esac
            done
            """,
            [image, name, .. programs, .. units, .. commands.Select(c => "run:" + c.Command)],
            timeout: TimeSpan.FromMinutes(3));
        Assert.True(merged.ExitCode == 0, merged.Describe());
        foreach (var program in programs)
        {
            Assert.Contains($"ran /usr/bin/{program}", merged.StandardOutput, StringComparison.Ordinal);
        }

        foreach (var unit in units)
        {
            Assert.Contains($"== {unit}", merged.StandardOutput, StringComparison.Ordinal);
        }

        var sections = merged.StandardOutput.Split("== ");
        foreach (var (command, pattern) in commands)
        {
            var expected = pattern.Replace("{upstream}", version.Split('+', '-')[0], StringComparison.Ordinal);
            var ran = Assert.Single(sections, part => part.StartsWith(command + "\n", StringComparison.Ordinal));
            Assert.True(ran.Contains(expected, StringComparison.Ordinal) && !ran.Contains("\nexit ", StringComparison.Ordinal), $"{command}: {ran}");
        }

        var missing = merged.StandardOutput.Split('\n').Where(l => l.Contains("is not executable", StringComparison.Ordinal) || l.Contains("No such file", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, string.Join('\n', missing));
        if (Boots.TryGetValue(name, out var boot))
        {
            await BootAsync(image, name, boot.Groups, started, boot.Command, boot.Output.Replace("{upstream}", version.Split('+', '-')[0], StringComparison.Ordinal));
        }

        Console.Error.WriteLine($"bake {name} {version}: {clock.Elapsed.TotalSeconds:F0} s");
    }

    /// <summary>
    /// Boots <paramref name="image"/> with systemd 257 as PID 1 (<c>flix test --boot</c>, systemd-nspawn) on a hard-linked
    /// copy of the default boot root whose group files (new files, never the cache's) add <paramref name="groups"/>:
    /// systemd-sysext.service merges it at boot, the manager reloads, every unit started on merge is active, and
    /// <paramref name="command"/> run in the container prints <paramref name="expected"/>.
    /// </summary>
    private async Task BootAsync(string image, string name, string[] groups, string[] started, string[] command, string expected)
    {
        HostTools.Require("systemd-nspawn");
        var cached = await BootRootCache.GetAsync(Path.Combine(FixtureCache.Root, "boot-roots"), progress: null, CancellationToken.None);
        var root = Path.Combine(fixture.Work.CreateSubdirectory("boot-" + name), "rootfs");
        await ProcessRunner.RunCheckedAsync("cp", "-a", "--link", cached, root);
        foreach (var (file, line) in new[] { ("etc/group", "{0}:x:{1}:"), ("etc/gshadow", "{0}:!::") })
        {
            var path = Path.Combine(root, file);
            var text = await File.ReadAllTextAsync(path);
            var mode = File.GetUnixFileMode(path);
            File.Delete(path); // a hard link to the cache's file: replaced, never written through
            var gid = 990;
            foreach (var group in groups)
            {
                while (text.Contains($":{gid}:", StringComparison.Ordinal))
                {
                    gid--;
                }

                text += string.Format(System.Globalization.CultureInfo.InvariantCulture, line, group, gid) + "\n";
            }

            await File.WriteAllTextAsync(path, text);
            File.SetUnixFileMode(path, mode);
        }

        var (code, stdout, stderr) = await fixture.FlixAsync(["test", "--boot", "--root", root, image, "--json", "--", .. command]);
        Assert.True(code == 0, stdout + stderr);
        using var report = JsonDocument.Parse(stdout);
        Assert.True(report.RootElement.GetProperty("multiUserReached").GetBoolean(), stdout);
        var units = report.RootElement.GetProperty("units").EnumerateArray()
            .ToDictionary(u => u.GetProperty("unit").GetString()!, u => (Active: u.GetProperty("activeState").GetString(), Ok: u.GetProperty("ok").GetBoolean()));
        foreach (var unit in started)
        {
            Assert.True(units.TryGetValue(unit, out var state) && state is ("active", true), $"{unit}: {stdout}");
        }

        Assert.Equal(0, report.RootElement.GetProperty("commandExitCode").GetInt32());
        Assert.Contains(expected, report.RootElement.GetProperty("commandOutput").GetString(), StringComparison.Ordinal);
        Assert.Empty(report.RootElement.GetProperty("leftBehind").EnumerateArray());
    }

    [GeneratedRegex("^[0-9][0-9A-Za-z.+~-]*$")]
    private static partial Regex DebianVersion();
}
