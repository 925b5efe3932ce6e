using Flix.Core.Tree;
using Flix.IntegrationTests.Infrastructure;
using Flix.TestSupport.Files;
using Flix.TestSupport.Oci;
using Flix.TestSupport.Processes;

namespace Flix.IntegrationTests.FlixMode;

/// <summary>
/// Builds, once for the Flix mode tests: a real Debian trixie image with jq and nginx-light (mmdebstrap, cached) plus
/// a layer holding a gcc-built program whose library is found through <c>$ORIGIN/../lib</c>, served by a real local
/// registry; a copy of its rootfs for chroot runs; a musl rootfs made from musl-tools (dynamic and static programs,
/// a library found through the image's ld-musl path file). Then runs <c>flix IMAGE NAME PATH...</c> on them.
/// </summary>
public sealed class FlixModeFixture : IAsyncLifetime
{
    /// <summary>The programs of the tools extension: path in the image and where they land.</summary>
    public static readonly (string Source, string Target)[] Tools =
    [
        ("/usr/bin/bash", "/usr/bin/bash"), ("/usr/bin/jq", "/usr/bin/jq"), ("/usr/sbin/nginx", "/usr/bin/nginx"),
        ("/usr/bin/id", "/usr/bin/id"), ("/usr/bin/whoami", "/usr/bin/whoami"), ("/usr/bin/getent", "/usr/bin/getent"),
        ("/usr/bin/iconv", "/usr/bin/iconv"), ("/usr/bin/ls", "/usr/bin/ls"),
    ];

    private const string GreetLibrary = """
        #include <stdio.h>
        void greet(const char *who) { printf("hello from %s\n", who); }
        """;

    private const string GreetProgram = """
        void greet(const char *who);
        int main(void) { greet(HELLO); return 0; }
        """;

    /// <summary>Programs the fixture runs, with the Debian package of each; a missing one fails the tests, never skips them.</summary>
    private static readonly (string Program, string Package)[] Programs =
    [
        ("mmdebstrap", "mmdebstrap"), ("docker-registry", "docker-registry"), ("skopeo", "skopeo"), ("tar", "tar"),
        ("gcc", "gcc"), ("musl-gcc", "musl-tools"), ("chroot", "coreutils"), ("timeout", "coreutils"), ("od", "coreutils"), ("readelf", "binutils"), ("strace", "strace"),
    ];

    private TempDirectory? _work;
    private LocalRegistry? _registry;

    public TempDirectory Work => _work ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>trixie's rootfs, unpacked for chroot runs.</summary>
    public string Rootfs => Work.Combine("rootfs");

    /// <summary>The image reference in the local registry.</summary>
    public string Reference { get; private set; } = string.Empty;

    /// <summary>tools.raw: <see cref="Tools"/> and the $ORIGIN program.</summary>
    public string ToolsImage { get; private set; } = string.Empty;

    public string ToolsOutput { get; private set; } = string.Empty;

    /// <summary>every.raw: every ELF program of trixie's /usr/bin and /usr/sbin.</summary>
    public string EveryImage { get; private set; } = string.Empty;

    /// <summary>The programs of every.raw: path in the image, path once merged.</summary>
    public IReadOnlyList<(string Source, string Target)> EveryPrograms { get; private set; } = [];

    /// <summary>musl.raw: the musl programs.</summary>
    public string MuslImage { get; private set; } = string.Empty;

    public string MuslOutput { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        await Prerequisites.RequireAsync();
        var missing = Programs.Where(p => HostTools.FindOnPath(p.Program) is null).Select(p => $"`{p.Program}` (apt-get install -y {p.Package})").ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException("The Flix mode tests need " + string.Join(", ", missing) + ".");
        }

        _work = TempDirectory.Create("flixmode");
        try
        {
            var debian = await DebianImage.GetAsync("trixie", ["jq", "nginx-light"]);
            Directory.CreateDirectory(Rootfs);
            (await ProcessRunner.RunAsync("tar", ["--extract", "--file", debian.RootfsTar, "--directory", Rootfs, "--numeric-owner"])).EnsureSuccess();

            var origin = await BuildOriginProgramAsync();
            var layout = new OciLayoutBuilder(Work.Combine("layout"));
            var extra = new List<LayerEntry>
            {
                LayerEntry.File("opt/app/bin/hello-origin", await File.ReadAllBytesAsync(origin.Program), 0b111_101_101),
                LayerEntry.File("opt/app/lib/libgreet.so.1", await File.ReadAllBytesAsync(origin.Library), 0b111_101_101),
            };
            await layout.AddImageAsync(ImageSpec.Of(LayerSource.FromTarFile(debian.RootfsTar), LayerSource.FromEntries(extra)), "test");
            _registry = await LocalRegistry.StartAsync();
            Reference = await _registry.PushAsync(layout.Directory, "flix/trixie:latest", layoutTag: "test");
            TempDirectory.DeleteTree(layout.Directory);

            string cache = Work.CreateSubdirectory("cache");
            (ToolsImage, ToolsOutput) = await FlixAsync(
                Reference, "tools", [.. Tools.Select(t => t.Source), "/opt/app/bin/hello-origin:/usr/bin/hello-origin", "--insecure", "--cache-dir", cache]);

            EveryPrograms = ElfPrograms();
            (EveryImage, _) = await FlixAsync(Reference, "every", [.. EveryPrograms.Select(p => p.Source), "--insecure", "--cache-dir", cache]);

            string musl = await BuildMuslRootfsAsync();
            (MuslImage, MuslOutput) = await FlixAsync("dir:" + musl, "hellomusl", ["/usr/bin/hello-musl", "/usr/bin/hello-musl-static"]);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Every regular, executable ELF file of the rootfs's /usr/bin and /usr/sbin; a name in both only once (from /usr/bin).</summary>
    private List<(string Source, string Target)> ElfPrograms()
    {
        var programs = new List<(string, string)>();
        var targets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var folder in new[] { "/usr/bin", "/usr/sbin" })
        {
            foreach (var file in Directory.EnumerateFiles(Rootfs + folder).Order(StringComparer.Ordinal))
            {
                var info = new FileInfo(file);
                if (info.LinkTarget is not null || (info.UnixFileMode & UnixFileMode.UserExecute) == 0 || !IsElf(file))
                {
                    continue;
                }

                string name = Path.GetFileName(file);
                if (targets.Add(name))
                {
                    programs.Add((folder + "/" + name, "/usr/bin/" + name));
                }
            }
        }

        return programs;
    }

    private static bool IsElf(string path)
    {
        Span<byte> head = stackalloc byte[4];
        using var stream = File.OpenRead(path);
        return stream.ReadAtLeast(head, 4, throwOnEndOfStream: false) == 4 && head.SequenceEqual("\u007fELF"u8);
    }

    /// <summary>A glibc program (host gcc) whose library lies in ../lib of its folder, found through RUNPATH $ORIGIN/../lib.</summary>
    private async Task<(string Program, string Library)> BuildOriginProgramAsync()
    {
        string source = Work.CreateSubdirectory("origin-src");
        await File.WriteAllTextAsync(Path.Combine(source, "greet.c"), GreetLibrary);
        await File.WriteAllTextAsync(Path.Combine(source, "main.c"), GreetProgram);
        string library = Path.Combine(source, "libgreet.so.1");
        string program = Path.Combine(source, "hello-origin");
        (await ProcessRunner.RunAsync("gcc", ["-shared", "-fPIC", "-Wl,-soname,libgreet.so.1", "-o", library, Path.Combine(source, "greet.c")])).EnsureSuccess();
        (await ProcessRunner.RunAsync("gcc", ["-DHELLO=\"origin\"", "-o", program, Path.Combine(source, "main.c"), library, "-Wl,--enable-new-dtags,-rpath,$ORIGIN/../lib"])).EnsureSuccess();
        return (program, library);
    }

    /// <summary>
    /// A minimal musl rootfs: the loader /lib/ld-musl-x86_64.so.1 (musl-tools'), a dynamic program needing a library that
    /// only the image's /etc/ld-musl-x86_64.path finds, and a static program.
    /// </summary>
    private async Task<string> BuildMuslRootfsAsync()
    {
        string source = Work.CreateSubdirectory("musl-src");
        string root = Work.CreateSubdirectory("musl-rootfs");
        await File.WriteAllTextAsync(Path.Combine(source, "greet.c"), GreetLibrary);
        await File.WriteAllTextAsync(Path.Combine(source, "main.c"), GreetProgram);
        foreach (var folder in new[] { "lib", "etc", "usr/bin", "usr/lib/greet" })
        {
            Directory.CreateDirectory(Path.Combine(root, folder));
        }

        string library = Path.Combine(root, "usr/lib/greet/libgreet.so.1");
        (await ProcessRunner.RunAsync("musl-gcc", ["-shared", "-fPIC", "-Wl,-soname,libgreet.so.1", "-o", library, Path.Combine(source, "greet.c")])).EnsureSuccess();
        (await ProcessRunner.RunAsync("musl-gcc", ["-DHELLO=\"musl\"", "-o", Path.Combine(root, "usr/bin/hello-musl"), Path.Combine(source, "main.c"), library])).EnsureSuccess();
        (await ProcessRunner.RunAsync("musl-gcc", ["-static", "-DHELLO=\"static musl\"", "-o", Path.Combine(root, "usr/bin/hello-musl-static"), Path.Combine(source, "main.c"), Path.Combine(source, "greet.c")])).EnsureSuccess();
        File.Copy("/lib/ld-musl-x86_64.so.1", Path.Combine(root, "lib/ld-musl-x86_64.so.1"));
        await File.WriteAllTextAsync(Path.Combine(root, "etc/ld-musl-x86_64.path"), "/usr/lib/greet\n");
        return root;
    }

    /// <summary>Runs <c>flix SOURCE NAME ARGS</c> in process and returns the image path and what it printed.</summary>
    private async Task<(string Image, string Output)> FlixAsync(string source, string name, string[] arguments)
    {
        string output = Work.CreateSubdirectory("out-" + name);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int exitCode = await Flix.Cli.Program.RunAsync([source, name, .. arguments, "--output", output, "--compression", "lz4"], stdout, stderr, _ => null);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"flix {source} {name} exited with {exitCode}:{Environment.NewLine}{stdout}{Environment.NewLine}{stderr}");
        }

        return (Path.Combine(output, name + ".raw"), stdout + stderr.ToString());
    }

    public async Task DisposeAsync()
    {
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }

        if (_work is not null)
        {
            // The rootfs holds links that point outside it: only the tree remover may delete it.
            TreeRemover.Delete(Rootfs);
            _work.Dispose();
        }
    }
}
