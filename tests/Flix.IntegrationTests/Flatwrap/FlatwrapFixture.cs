using Flix.IntegrationTests.Infrastructure;
using Flix.TestSupport.Files;
using Flix.TestSupport.Oci;
using Flix.TestSupport.Processes;

namespace Flix.IntegrationTests.Flatwrap;

/// <summary>
/// Builds, once for the Flatwrap tests, a real Debian trixie image with nginx-light (mmdebstrap, cached) plus a layer
/// of test programs and marker files, serves it from a real local registry, and runs <c>flix flatwrap</c> on it twice:
/// <list type="bullet">
/// <item><see cref="NginxImage"/>: nginx, its unit and the probe, /etc from the image (--etcmap chroot), /var and /home from the host;</item>
/// <item><see cref="ProbeImage"/>: the probe under hostile names, /etc from the host, /var and /home from the image
/// (through the bakery's VARMAP and HOMEMAP variables).</item>
/// </list>
/// </summary>
public sealed class FlatwrapFixture : IAsyncLifetime
{
    /// <summary>The probe: prints its path, arguments, working directory, user and the marker of each mapped folder; exits 42.</summary>
    public const string ProbeScript = """
        #!/bin/sh
        printf 'program=%s\n' "$0"
        for a in "$@"; do printf 'arg=[%s]\n' "$a"; done
        printf 'pwd=%s\n' "$(pwd)"
        printf 'uid=%s\n' "$(id -u)"
        for d in etc/opt var/local home; do printf '%s=%s\n' "$d" "$(cat "/$d/flix-marker" 2>/dev/null || echo none)"; done
        exit 42

        """;

    /// <summary>Program names that would break or inject into a carelessly quoted script.</summary>
    public static readonly string[] HostileNames =
    [
        "/usr/bin/flix probe",
        "/usr/bin/flix'probe",
        "/usr/bin/flix\"probe",
        "/usr/bin/flix$probe",
        "/usr/bin/flix$(touch injected)`id`",
        "/usr/bin/flix\\probe",
        "/usr/bin/all of $it 'q' \"dq\" \\ ;",
    ];

    /// <summary>Programs the tests run and the Debian package of each; a missing one fails the tests, never skips them.</summary>
    private static readonly (string Program, string Package)[] Programs =
    [
        ("mmdebstrap", "mmdebstrap"), ("docker-registry", "docker-registry"), ("skopeo", "skopeo"),
        ("bwrap", "bubblewrap"), ("curl", "curl"), ("setpriv", "util-linux"), ("tar", "tar"),
    ];

    private TempDirectory? _work;
    private LocalRegistry? _registry;

    public TempDirectory Work => _work ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>The image reference in the local registry.</summary>
    public string Reference { get; private set; } = string.Empty;

    /// <summary>nginx-flatwrap.raw: nginx, its unit and the probe; /etc from the image.</summary>
    public string NginxImage { get; private set; } = string.Empty;

    /// <summary>The output of the nginx build.</summary>
    public string NginxOutput { get; private set; } = string.Empty;

    /// <summary>probes.raw: the probe under hostile names; /var and /home from the image.</summary>
    public string ProbeImage { get; private set; } = string.Empty;

    public string ProbeOutput { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        await Prerequisites.RequireAsync();
        var missing = Programs.Where(p => HostTools.FindOnPath(p.Program) is null).Select(p => $"`{p.Program}` (apt-get install -y {p.Package})").ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException("The Flatwrap tests need " + string.Join(", ", missing) + ".");
        }

        _work = TempDirectory.Create("flatwrap");
        try
        {
            var debian = await DebianImage.GetAsync("trixie", ["nginx-light"]);
            var layout = new OciLayoutBuilder(Work.Combine("layout"));
            var probe = System.Text.Encoding.UTF8.GetBytes(ProbeScript);
            var entries = new List<LayerEntry>
            {
                LayerEntry.File("usr/bin/flix-probe", probe, 0b111_101_101),
                LayerEntry.File("etc/opt/flix-marker", "image\n"),
                LayerEntry.File("var/local/flix-marker", "image\n"),
                LayerEntry.File("home/flix-marker", "image\n"),
            };
            entries.AddRange(HostileNames.Select(name => LayerEntry.File(name.TrimStart('/'), probe, 0b111_101_101)));
            await layout.AddImageAsync(ImageSpec.Of(LayerSource.FromTarFile(debian.RootfsTar), LayerSource.FromEntries(entries)), "test");
            _registry = await LocalRegistry.StartAsync();
            Reference = await _registry.PushAsync(layout.Directory, "flix/nginx:trixie", layoutTag: "test");
            TempDirectory.DeleteTree(layout.Directory);

            string cache = Work.CreateSubdirectory("cache");
            (NginxImage, NginxOutput) = await FlatwrapAsync(
                "nginx-flatwrap",
                ["/usr/sbin/nginx", "/lib/systemd/system/nginx.service:/usr/lib/systemd/system/nginx.service", "/usr/bin/flix-probe", "--etcmap", "chroot"],
                new Dictionary<string, string>(),
                cache);
            (ProbeImage, ProbeOutput) = await FlatwrapAsync(
                "probes",
                ["/usr/bin/flix-probe", .. HostileNames, "--etcmap", "host"],
                new Dictionary<string, string> { ["ETCMAP"] = "chroot", ["VARMAP"] = "chroot", ["HOMEMAP"] = "chroot" },
                cache);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs <c>flix flatwrap</c> in process and returns the image path and what it printed.</summary>
    private async Task<(string Image, string Output)> FlatwrapAsync(string name, string[] arguments, Dictionary<string, string> environment, string cache)
    {
        string output = Work.CreateSubdirectory("out-" + name);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int exitCode = await Flix.Cli.Program.RunAsync(
            ["flatwrap", Reference, name, .. arguments, "--output", output, "--cache-dir", cache, "--compression", "lz4"],
            stdout,
            stderr,
            variable => environment.GetValueOrDefault(variable));
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"flix flatwrap {name} exited with {exitCode}:{Environment.NewLine}{stdout}{Environment.NewLine}{stderr}");
        }

        return (Path.Combine(output, name + ".raw"), stdout + stderr.ToString());
    }

    public async Task DisposeAsync()
    {
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }

        _work?.Dispose();
    }
}
