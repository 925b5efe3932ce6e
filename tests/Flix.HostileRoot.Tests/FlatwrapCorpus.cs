using Flix.HostileRoot.Tests.Support;

namespace Flix.HostileRoot.Tests;

/// <summary>
/// The Flatwrap half of the hostile-root corpus: roots whose links try to make the generated scripts create, link
/// or mount something on the host when a wrapper runs as root (a link target starting with '-', /var or /etc links
/// to a host folder with mount points below them, a link inside a bound image folder, a chroot folder inside a host
/// one), plus hostile entry names and unit files: Exec lines to rewrite exactly, unit files that are fifos, devices, huge, links out of
/// the root or in a loop, hostile unit names, and a drop-in folder that is a link to a host folder.
/// </summary>
internal static class FlatwrapCorpus
{
    /// <summary>
    /// A case: what it does to the root (given the bait folder outside it, which must stay as it is), the flatwrap
    /// arguments after the image and name, the build's expected end, and the exit code every wrapper must give.
    /// </summary>
    public sealed record Case(Action<HostileTree, string> Arrange, Func<HostileTree, string, string[]> Arguments, Expectation Build, int WrapperExit = 0);

    private const string ChrootDefaults = "/usr /lib /lib64 /bin /sbin";
    private const string HostDefaults = "/dev /proc /sys /run /tmp /var/tmp";

    /// <summary>A folder name no host has, for a mount point that must never be made on the host.</summary>
    public static readonly string Unique = "flix-hostile-" + Guid.NewGuid().ToString("N")[..12];

    public static IReadOnlyDictionary<string, Case> Cases { get; } = new Dictionary<string, Case>(StringComparer.Ordinal)
    {
        ["clean"] = new((_, _) => { }, Program(), Expectation.Build),

        // ln -s with an image link target that looks like an option (-t DIR would make a link in DIR).
        ["lib a link whose target starts with -t"] = new((root, bait) => Relink(root, "lib", "-t" + bait), Program(), Expectation.Build),
        ["sbin a link named like an option"] = new((root, _) => Relink(root, "sbin", "--force"), Program(), Expectation.Build),

        // Mount points below an image link that points at the host: never made through it.
        ["var a link to a host folder, var from the image"] = new(
            (root, bait) => Relink(root, "var", bait), Program("--varmap", "chroot"), Expectation.Build),
        ["etc a link climbing to a host folder, a host folder below it"] = new(
            (root, bait) => Relink(root, "etc", "../../../../../../../../.." + bait),
            Program("--etcmap", "chroot", "--host-dirs", HostDefaults + " /etc/ssl"), Expectation.Build),
        ["home a link to a host folder, home from the image"] = new(
            (root, bait) => Relink(root, "home", bait), Program("--homemap", "chroot"), Expectation.Build),
        ["tmp a link to a host folder, tmp from the image"] = new(
            (root, bait) => Relink(root, "tmp", bait),
            Program("--chroot-dirs", ChrootDefaults + " /tmp", "--host-dirs", "/dev /proc /sys /run /var/tmp"), Expectation.Build),

        // A link inside a bound image folder, named as a chroot folder: the copy holds it already.
        ["a link inside a chroot folder starting with -t"] = new(
            (root, bait) => root.Link("usr/lib/evil", "-t" + bait),
            Program("--chroot-dirs", ChrootDefaults + " /usr/lib/evil"), Expectation.Build),

        // A chroot folder inside a host folder: its mount point is not made on the host, the wrapper refuses.
        ["chroot folder inside a host folder"] = new(
            (root, _) => Directory.CreateDirectory(root.Full("var/lib/" + Unique)),
            Program("--chroot-dirs", ChrootDefaults + " /var/lib/" + Unique), Expectation.Build, WrapperExit: 125),

        // A host folder inside a bound image folder reached through an image link: the copy gets a real folder.
        ["host folder inside a chroot folder behind an image link"] = new(
            (root, bait) =>
            {
                Directory.CreateDirectory(root.Full("usr/share"));
                Relink(root, "usr/share", bait);
            },
            Program("--host-dirs", HostDefaults + " /usr/share/doc"), Expectation.Build),

        // Entry names that a shell would take for options or commands.
        ["wrapper names hostile to shells"] = new(
            (_, _) => { },
            (_, _) => ["/usr/bin/prog:/usr/bin/-rf", "/usr/bin/prog:/usr/bin/a b$(touch pwned)`touch pwned`", "/usr/bin/prog:/usr/bin/--help"],
            Expectation.Build),

        // Unit files: every command of an Exec line pointed at its wrapper, exactly; odd files refused by name.
        ["unit with several commands a line, prefixes, quotes, escapes and continuations"] = new(
            (root, _) => UnitFiles.Arrange(root), (_, _) => UnitFiles.Entries(UnitFiles.Service),
            Expectation.BuildWith(new Dictionary<string, string> { [UnitFiles.Service] = UnitFiles.Rewritten })),
        ["unit names hostile to shells and terminals"] = new(
            (root, _) =>
            {
                UnitFiles.Arrange(root);
                foreach (var name in UnitFiles.HostileNames)
                {
                    root.Write(UnitFiles.Folder + "/" + name, "[Service]\nExecStart=/usr/sbin/progd\n");
                }
            },
            (_, _) => UnitFiles.Entries([.. UnitFiles.HostileNames.Select(name => UnitFiles.Folder + "/" + name)]),
            Expectation.BuildWith(UnitFiles.HostileNames.ToDictionary(name => UnitFiles.Folder + "/" + name, _ => "[Service]\nExecStart=/usr/bin/progd\n"))),
        ["unit file of 2 MiB"] = new(
            (root, _) => root.Write("etc/big.service", "[Service]\n" + string.Concat(Enumerable.Repeat("# padding padding padding\n", 81_000))),
            (_, _) => ["/usr/bin/prog", "/etc/big.service:/usr/lib/systemd/system/big.service"],
            Expectation.Error("/etc/big.service")),
        ["unit a 3 GiB sparse file"] = new(
            (root, _) => root.Sparse(UnitFiles.Service, 3L << 30, "[Service]\nExecStart=/usr/bin/prog\n"u8.ToArray(), 0x1A4),
            (_, _) => ["/usr/bin/prog", UnitFiles.Service], Expectation.Error(UnitFiles.Service)),
        ["unit a fifo"] = new(
            (root, _) => root.Fifo(UnitFiles.Folder + "/fifo.service"),
            (_, _) => ["/usr/bin/prog", UnitFiles.Folder + "/fifo.service"], Expectation.Error(UnitFiles.Folder + "/fifo.service")),
        ["unit a device"] = new(
            (root, _) => root.CharacterDevice(UnitFiles.Folder + "/zero.service", 1, 5),
            (_, _) => ["/usr/bin/prog", UnitFiles.Folder + "/zero.service"], Expectation.Error(UnitFiles.Folder + "/zero.service")),
        ["unit a link out of the root"] = new(
            (root, _) => root.Link(UnitFiles.Folder + "/out.service", "../../../../../../../../lib/systemd/system/systemd-journald.service"),
            (_, _) => ["/usr/bin/prog", UnitFiles.Folder + "/out.service"], Expectation.Error(UnitFiles.Folder + "/out.service")),
        ["unit a link loop"] = new(
            (root, _) => root.Link(UnitFiles.Folder + "/loop.service", "loop.service"),
            (_, _) => ["/usr/bin/prog", UnitFiles.Folder + "/loop.service"], Expectation.Error(UnitFiles.Folder + "/loop.service")),
        ["unit drop-in folder a link to a host folder"] = new(
            (root, bait) =>
            {
                UnitFiles.Arrange(root);
                root.Link(UnitFiles.Service + ".d", bait);
            },
            (_, _) => UnitFiles.Entries(UnitFiles.Service, UnitFiles.Service + ".d"), Expectation.Error(UnitFiles.Service + ".d")),
    };

    private static Func<HostileTree, string, string[]> Program(params string[] options) => (_, _) => ["/usr/bin/prog", .. options];

    /// <summary>Replaces the entry <paramref name="relative"/> of the root (a folder or a link) by a link to <paramref name="target"/>.</summary>
    private static void Relink(HostileTree root, string relative, string target)
    {
        string path = root.Full(relative);
        if (new FileInfo(path).LinkTarget is null && Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
        else
        {
            root.Remove(relative);
        }

        root.Link(relative, target);
    }
}
