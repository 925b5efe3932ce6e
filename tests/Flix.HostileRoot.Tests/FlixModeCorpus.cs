using System.Text;
using Flix.HostileRoot.Tests.Support;

namespace Flix.HostileRoot.Tests;

/// <summary>
/// The Flix mode half of the hostile-root corpus: one case per kind of input the loader emulation reads (DT_NEEDED,
/// DT_RUNPATH/DT_RPATH, PT_INTERP, library candidates, ld.so.conf and its includes and globs, musl's path file,
/// the metadata overlay beside a dir: root, entry names, unit files and their drop-ins), each with the image change it makes and what must come of it.
/// </summary>
internal static class FlixModeCorpus
{
    /// <summary>A case: the change to a fresh root, the paths given to flix, and the expected end.</summary>
    public sealed record Case(bool Musl, Func<HostileTree, Programs, string> Arrange, Func<HostileTree, Expectation> Expect, params string[] Paths);

    private const string Prog = "/usr/bin/prog";
    private const string Needy = "/usr/bin/needy";
    private const string Stub = HostileTree.Multiarch + "/libflixstub.so.1";

    /// <summary>A folder searched before the real libflixstub.so.1 (ld.so.conf names it; the defaults come after).</summary>
    private const string Early = "usr/local/lib/libflixstub.so.1";

    public static IReadOnlyDictionary<string, Case> Cases { get; } = new Dictionary<string, Case>(StringComparer.Ordinal)
    {
        ["clean glibc root"] = Glibc(_ => { }, Expectation.Build),
        ["clean musl root"] = new(true, (_, _) => string.Empty, _ => Expectation.Build, "/usr/bin/mprog"),

        // DT_NEEDED: strings that name no file; each is reported naming the program, never an internal error.
        ["needed empty"] = NeededCase(string.Empty, "DT_NEEDED ''"),
        ["needed ending in /"] = NeededCase("libfoo.so/", "'libfoo.so/'"),
        ["needed ending in /."] = NeededCase("libfoo.so/.", "'libfoo.so/.'"),
        ["needed ."] = NeededCase(".", "DT_NEEDED '.'"),
        ["needed .."] = NeededCase("..", "DT_NEEDED '..'"),
        ["needed /usr/lib/.."] = NeededCase("/usr/lib/..", "'/usr/lib/..'"),
        ["needed longer than a file name"] = NeededCase("lib" + new string('l', 260) + ".so", "longer than the 255 bytes"),
        ["needed climbing out of the root"] = NeededCase("../../../../../../etc/passwd", "'../../../../../../etc/passwd'"),
        ["needed a host path"] = NeededCase("/etc/shadow", "'/etc/shadow'"),
        ["needed with a newline"] = NeededCase("libnew\nline.so.1", "libnew\\nline.so.1"),
        ["needed with a terminal escape"] = NeededCase("lib\u001b[31mred.so", "lib\\x1b[31mred.so"),

        // DT_RUNPATH and DT_RPATH: values the loader would search; folders outside the root resolve inside it.
        ["runpath climbing out of the root"] = RunPathCase("$ORIGIN/../../../../../../../../.."),
        ["runpath of unknown tokens and empty parts"] = RunPathCase("/nonexistent:$BOGUS/x:${LIB}::$PLATFORM:"),
        ["runpath of 4000 bytes"] = RunPathCase(string.Join(':', Enumerable.Range(0, 400).Select(i => $"/f/{i:D4}"))),
        ["runpath into a link loop"] = Glibc(root =>
        {
            root.Link("loopdir", "loopdir2");
            root.Link("loopdir2", "loopdir");
            root.Write(Prog, ElfCraft.WithRunPath(root.Read(Prog), runPath: "/loopdir/x:/loopdir"), 0x1ED);
        }, Expectation.Build),
        ["rpath climbing out of the root"] = Glibc(root => root.Write(Prog, ElfCraft.WithRunPath(root.Read(Prog), rPath: "$ORIGIN/../../../../etc:/../.."), 0x1ED), Expectation.Build),

        // PT_INTERP: loaders that are no file of the image.
        ["interpreter ending in /"] = InterpreterCase("/lib64/", "'/lib64/'"),
        ["interpreter ending in /."] = InterpreterCase("/lib64/ld-linux-x86-64.so.2/.", "'/lib64/ld-linux-x86-64.so.2/.'"),
        ["interpreter relative"] = InterpreterCase("ld-linux-x86-64.so.2", "'ld-linux-x86-64.so.2'"),
        ["interpreter a fifo"] = Glibc(root =>
        {
            root.Fifo("lib64/fifo-loader");
            root.Write(Prog, ElfCraft.WithInterpreter(root.Read(Prog), "/lib64/fifo-loader"), 0x1ED);
        }, Expectation.Error("/lib64/fifo-loader")),
        ["interpreter a device"] = Glibc(root =>
        {
            root.CharacterDevice("dev/zero", 1, 5);
            root.Write(Prog, ElfCraft.WithInterpreter(root.Read(Prog), "/dev/zero"), 0x1ED);
        }, Expectation.Error("/dev/zero")),
        ["interpreter through a link loop"] = Glibc(root =>
        {
            root.Link("loop", "loop");
            root.Write(Prog, ElfCraft.WithInterpreter(root.Read(Prog), "/loop/ld.so"), 0x1ED);
        }, Expectation.Error("/loop/ld.so")),
        ["interpreter a huge sparse file"] = Glibc(root =>
        {
            root.Sparse("lib64/huge-ld.so", 1536L << 20, root.Read(HostileTree.Multiarch + "/ld-linux-x86-64.so.2")[..4096]);
            root.Write(Prog, ElfCraft.WithInterpreter(root.Read(Prog), "/lib64/huge-ld.so"), 0x1ED);
        }, Expectation.Error("/lib64/huge-ld.so")),
        ["interpreter a text file"] = Glibc(root =>
        {
            root.Write("lib64/text-ld.so", "not a loader\n", 0x1ED);
            root.Write(Prog, ElfCraft.WithInterpreter(root.Read(Prog), "/lib64/text-ld.so"), 0x1ED);
        }, Expectation.Error("/lib64/text-ld.so")),

        // Library candidates met before the real one: skipped as the loader skips them, or an error naming them.
        ["candidate a fifo"] = Glibc(root => root.Fifo(Early), Expectation.Build),
        ["candidate a device"] = Glibc(root => root.CharacterDevice(Early, 1, 3), Expectation.Build),
        ["candidate a folder"] = Glibc(root => Directory.CreateDirectory(root.Full(Early)), Expectation.Build),
        ["candidate a link loop"] = Glibc(root => root.Link(Early, "libflixstub.so.1"), Expectation.Build),
        ["candidate a link out of the root"] = Glibc(root => root.Link(Early, "/../../../../../../etc/passwd"), Expectation.Build),
        ["candidate of another machine"] = Glibc(root => root.Write(Early, ElfCraft.ForeignMachine(root.Read(Stub)), 0x1ED), Expectation.Build),
        ["candidate a 2000 MB sparse file"] = Glibc(root => root.Sparse(Early, 2000L << 20), Expectation.Build),
        ["candidate a 3 GiB sparse ELF file"] = Glibc(root => root.Sparse(Early, 3L << 30, root.Read(Stub)[..4096]), Expectation.Error("/" + Early)),
        ["library that cannot take the patch"] = Glibc(root => root.Write(Stub, ElfCraft.Unpatchable(root.Read(Stub)), 0x1ED), Expectation.Error("/" + Stub)),
        ["program that cannot take the patch"] = Glibc(root => root.Write(Prog, ElfCraft.Unpatchable(root.Read(Prog)), 0x1ED), Expectation.Error(Prog)),

        // ld.so.conf: includes, globs, cycles and sizes.
        ["ld.so.conf with 40000 chained includes"] = Glibc(root =>
        {
            for (int i = 0; i < 40000; i++)
            {
                root.Write($"etc/ld.so.conf.d/chain/{i}.conf", $"/usr/lib/chain{i % 7}\ninclude /etc/ld.so.conf.d/chain/{i + 1}.conf\n");
            }

            root.Write("etc/ld.so.conf.d/start.conf", "include /etc/ld.so.conf.d/chain/0.conf\n");
        }, Expectation.Build),
        ["ld.so.conf including itself"] = Glibc(root =>
        {
            root.Write("etc/ld.so.conf", "include /etc/ld.so.conf /etc/ld.so.conf.d/*.conf\ninclude ld.so.conf\n");
            root.Write("etc/ld.so.conf.d/back.conf", "include /etc/ld.so.conf\n");
        }, Expectation.Build),
        ["ld.so.conf glob with many stars against long names"] = Glibc(root =>
        {
            root.Write("etc/ld.so.conf", "include /etc/ld.so.conf.d/" + string.Concat(Enumerable.Repeat("*a", 24)) + "*b\n");
            for (int i = 0; i < 20; i++)
            {
                root.Write("etc/ld.so.conf.d/" + new string('a', 240) + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture), "/x\n");
            }
        }, Expectation.Build),
        ["ld.so.conf glob exploding through links"] = Glibc(root =>
        {
            root.Link("etc/ld.so.conf.d/d/x", ".");
            root.Link("etc/ld.so.conf.d/d/y", ".");
            root.Write("etc/ld.so.conf", "include /etc/ld.so.conf.d/d" + string.Concat(Enumerable.Repeat("/*", 40)) + "\n");
        }, Expectation.Error("/etc/ld.so.conf")),
        ["ld.so.conf of 2 MiB"] = Glibc(root => root.Write("etc/ld.so.conf", string.Concat(Enumerable.Repeat("/usr/lib/some-folder\n", 100_000))), Expectation.Error("/etc/ld.so.conf")),
        ["ld.so.conf including a 1 GiB sparse file"] = Glibc(root => root.Sparse("etc/ld.so.conf.d/big.conf", 1L << 30), Expectation.Error("/etc/ld.so.conf.d/big.conf")),
        ["ld.so.conf including a fifo"] = Glibc(root => root.Fifo("etc/ld.so.conf.d/fifo.conf"), Expectation.Build),
        ["ld.so.conf a device"] = Glibc(root => root.CharacterDevice("etc/ld.so.conf", 1, 5), Expectation.Build),
        ["ld.so.conf a link out of the root"] = Glibc(root => root.Link("etc/ld.so.conf", "/../../../../../etc/ld.so.conf"), Expectation.Build),

        // musl's path file.
        ["musl path file of 2 MiB"] = MuslCase(root => root.Write("etc/ld-musl-x86_64.path", string.Concat(Enumerable.Repeat("/usr/lib/some-folder\n", 100_000))), Expectation.Error("/etc/ld-musl-x86_64.path")),
        ["musl path file a fifo"] = MuslCase(root => root.Fifo("etc/ld-musl-x86_64.path"), Expectation.Build),
        ["musl path file a link loop"] = MuslCase(root => root.Link("etc/ld-musl-x86_64.path", "ld-musl-x86_64.path"), Expectation.Build),
        ["musl path file a huge sparse file"] = MuslCase(root => root.Sparse("etc/ld-musl-x86_64.path", 4L << 30), Expectation.Error("/etc/ld-musl-x86_64.path")),

        // Entry names: copied as they are, whatever they hold; a name that is not UTF-8 is named in the error.
        ["entry names hostile to shells and terminals"] = new(false, (root, _) =>
        {
            foreach (var name in new[] { "-rf", "a\nb", "$(touch pwned)", "`id`", "'\"", "\u001b]0;title\u0007", "--help", new string('z', 255) })
            {
                root.Write("usr/share/hostile/" + name, "x");
            }

            return string.Empty;
        }, _ => Expectation.Build, Prog, "/usr/share/hostile"),
        ["entry name that is not UTF-8"] = new(false, (root, _) =>
        {
            Directory.CreateDirectory(root.Full("usr/share/bad"));
            byte[] name = Encoding.UTF8.GetBytes(root.Full("usr/share/bad/") + "x").Concat(new byte[] { 0xFF, 0xFE }).ToArray();
            CreateRawFile(name);
            return string.Empty;
        }, _ => Expectation.Error("not a valid UTF-8 name"), Prog, "/usr/share/bad"),
        ["entry through a link loop"] = new(false, (root, _) =>
        {
            root.Link("usr/bin/loop", "loop");
            return string.Empty;
        }, _ => Expectation.Error("/usr/bin/loop"), "/usr/bin/loop"),

        // Unit files: every command of an Exec line pointed at where its program landed, exactly; odd files refused by name.
        ["unit with several commands a line, prefixes, quotes, escapes and continuations"] = Glibc(
            root => UnitFiles.Arrange(root), UnitRewritten(), UnitFiles.Entries(UnitFiles.Service)),
        ["unit with a drop-in folder"] = Glibc(root =>
        {
            UnitFiles.Arrange(root);
            root.Write(UnitFiles.Service + ".d/override.conf", UnitFiles.DropIn);
        }, UnitRewritten(withDropIn: true), UnitFiles.Entries(UnitFiles.Service, UnitFiles.Service + ".d")),
        ["unit folder copied whole"] = Glibc(root =>
        {
            UnitFiles.Arrange(root);
            root.Write(UnitFiles.Service + ".d/override.conf", UnitFiles.DropIn);
        }, UnitRewritten(withDropIn: true), UnitFiles.Entries(UnitFiles.Folder)),
        ["unit names hostile to shells and terminals"] = Glibc(root =>
        {
            UnitFiles.Arrange(root);
            foreach (var name in UnitFiles.HostileNames)
            {
                root.Write(UnitFiles.Folder + "/" + name, "[Service]\nExecStart=/usr/sbin/progd\n");
            }
        }, Expectation.BuildWith(UnitFiles.HostileNames.ToDictionary(name => UnitFiles.Folder + "/" + name, _ => "[Service]\nExecStart=/usr/bin/progd\n")),
            UnitFiles.Entries(UnitFiles.Folder)),
        ["unit a fifo"] = Glibc(root => root.Fifo(UnitFiles.Folder + "/fifo.service"), Expectation.Error(UnitFiles.Folder + "/fifo.service"), Prog, UnitFiles.Folder + "/fifo.service"),
        ["unit a device"] = Glibc(
            root => root.CharacterDevice(UnitFiles.Folder + "/zero.service", 1, 5), Expectation.Error(UnitFiles.Folder + "/zero.service"), Prog, UnitFiles.Folder + "/zero.service"),
        ["unit a fifo in a copied folder"] = Glibc(root =>
        {
            UnitFiles.Arrange(root);
            root.Fifo(UnitFiles.Folder + "/fifo.service");
        }, Expectation.Error(UnitFiles.Folder + "/fifo.service"), UnitFiles.Entries(UnitFiles.Folder)),
        ["unit a 3 GiB sparse file"] = Glibc(
            root => root.Sparse(UnitFiles.Service, 3L << 30, "[Service]\nExecStart=/usr/bin/prog\n"u8.ToArray(), 0x1A4), Expectation.Error(UnitFiles.Service), Prog, UnitFiles.Service),
        ["unit a link out of the root"] = Glibc(
            root => root.Link(UnitFiles.Folder + "/out.service", "../../../../../../../../lib/systemd/system/systemd-journald.service"),
            Expectation.Error(UnitFiles.Folder + "/out.service"), Prog, UnitFiles.Folder + "/out.service"),
        ["unit a link loop"] = Glibc(
            root => root.Link(UnitFiles.Folder + "/loop.service", "loop.service"), Expectation.Error(UnitFiles.Folder + "/loop.service"), Prog, UnitFiles.Folder + "/loop.service"),
        ["unit drop-in folder a link out of the root"] = Glibc(root =>
        {
            UnitFiles.Arrange(root);
            root.Link(UnitFiles.Service + ".d", "../../../../../../../../etc/systemd/system/getty@.service.d");
        }, Expectation.Error(UnitFiles.Service + ".d"), UnitFiles.Entries(UnitFiles.Service, UnitFiles.Service + ".d")),
        ["unit drop-in folder a link out of the root in a copied folder"] = Glibc(root =>
        {
            UnitFiles.Arrange(root);
            root.Link(UnitFiles.Service + ".d", "/../../../../../../../etc/systemd/system/getty@.service.d");
        }, UnitRewritten(), UnitFiles.Entries(UnitFiles.Folder)),

        // The metadata overlay kept beside a dir: root.
        ["overlay entry climbing out"] = OverlayCase(root => Overlay(root, "../../etc/passwd")),
        ["overlay entry with a . part"] = OverlayCase(root => Overlay(root, "usr/./bin")),
        ["overlay entry with an empty part"] = OverlayCase(root => Overlay(root, "usr//bin")),
        ["overlay a symlink"] = OverlayCase(root =>
        {
            File.WriteAllText(root.Path + ".real.json", OverlayText(root, "usr/bin"));
            File.CreateSymbolicLink(root.Path + ".flix-overlay.json", root.Path + ".real.json");
        }),
        ["overlay a fifo"] = OverlayCase(root => Assert.Equal(0, Flix.Core.Interop.Libc.MkNod(root.Path + ".flix-overlay.json", 0x1000 | 0x1A4, 0))),
        ["overlay a 300 MB sparse file"] = OverlayCase(root =>
        {
            using var stream = new FileStream(root.Path + ".flix-overlay.json", FileMode.CreateNew);
            stream.SetLength(300L << 20);
        }),
        ["overlay not JSON"] = OverlayCase(root => File.WriteAllText(root.Path + ".flix-overlay.json", "{ not json")),
    };

    private static Case Glibc(Action<HostileTree> arrange, Expectation expected, params string[] paths) =>
        new(false, (root, _) =>
        {
            arrange(root);
            return string.Empty;
        }, _ => expected, paths.Length > 0 ? paths : [Prog]);

    private static Expectation UnitRewritten(bool withDropIn = false) =>
        Expectation.BuildWith(withDropIn
            ? new Dictionary<string, string> { [UnitFiles.Service] = UnitFiles.Rewritten, [UnitFiles.Service + ".d/override.conf"] = UnitFiles.DropInRewritten }
            : new Dictionary<string, string> { [UnitFiles.Service] = UnitFiles.Rewritten });

    private static Case NeededCase(string needed, string mention) =>
        new(false, (root, _) =>
        {
            root.Write(Needy, ElfCraft.WithNeeded(root.Read(Needy), needed), 0x1ED);
            return string.Empty;
        }, _ => Expectation.Error(Needy, mention), Needy);

    private static Case RunPathCase(string runPath) =>
        Glibc(root => root.Write(Prog, ElfCraft.WithRunPath(root.Read(Prog), runPath: runPath), 0x1ED), Expectation.Build);

    private static Case InterpreterCase(string interpreter, string mention) =>
        Glibc(root => root.Write(Prog, ElfCraft.WithInterpreter(root.Read(Prog), interpreter), 0x1ED), Expectation.Error(Prog, mention));

    private static Case MuslCase(Action<HostileTree> arrange, Expectation expected) =>
        new(true, (root, _) =>
        {
            arrange(root);
            return string.Empty;
        }, _ => expected, "/usr/bin/mprog");

    private static Case OverlayCase(Action<HostileTree> arrange) =>
        new(false, (root, _) =>
        {
            arrange(root);
            return string.Empty;
        }, root => Expectation.Error(root.Path + ".flix-overlay.json"), Prog);

    /// <summary>Writes an overlay for <paramref name="root"/> with one entry at <paramref name="entry"/>.</summary>
    private static void Overlay(HostileTree root, string entry) => File.WriteAllText(root.Path + ".flix-overlay.json", OverlayText(root, entry));

    private static string OverlayText(HostileTree root, string entry)
    {
        Assert.Equal(0, Flix.Core.Interop.Libc.Statx(Flix.Core.Interop.Libc.AtFdCwd, root.Path, 0, Flix.Core.Interop.Libc.StatxBasicStats, out var stat));
        string identity = $"{stat.DevMajor}:{stat.DevMinor}:{stat.Ino}";
        string metadata = """{ "type": "file", "mode": "755", "uid": 0, "gid": 0 }""";
        return $$"""{ "format": "flix-metadata-overlay/1", "root": "{{identity}}", "entries": [ { "path": {{System.Text.Json.JsonSerializer.Serialize(entry, CorpusJsonContext.Default.String)}}, "image": {{metadata}}, "disk": {{metadata}} } ] }""";
    }

    /// <summary>Creates an empty file whose path is the raw bytes <paramref name="path"/> (not necessarily UTF-8).</summary>
    private static unsafe void CreateRawFile(byte[] path)
    {
        byte[] terminated = [.. path, 0];
        fixed (byte* p = terminated)
        {
            Assert.True(RawInterop.Mknod(p, 0x8000 | 0x1A4, 0) == 0, "mknod of a raw name failed");
        }
    }
}
