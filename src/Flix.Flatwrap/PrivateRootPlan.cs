using Flix.Core.Tree;

namespace Flix.Flatwrap;

/// <summary>
/// The folders of the private root in the order they are made: sorted by path, so that a folder is bound before the
/// folders inside it (/var before /var/tmp). Chroot folders the image lacks are left out; a chroot folder that is a
/// symlink in the image (merged /usr) becomes the same symlink.
/// </summary>
/// <remarks>
/// Nothing is ever made through a link that came from the image: a folder that would lie below such a link (the
/// image's /var a link, the host's /var/tmp to be bound inside it) is left out with a warning, and so is a link that
/// would be made inside a host folder. The wrappers then create folders only in the private root's own tmpfs, and
/// find every other mount point already there.
/// </remarks>
public sealed class PrivateRootPlan
{
    private PrivateRootPlan(IReadOnlyList<RootMount> mounts, IReadOnlyList<string> warnings)
    {
        Mounts = mounts;
        Warnings = warnings;
    }

    public IReadOnlyList<RootMount> Mounts { get; }

    /// <summary>What was left out of the private root, and why.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The plan for <paramref name="options"/> over the image's tree <paramref name="rootfs"/>.</summary>
    public static PrivateRootPlan Create(FileTree rootfs, FlatwrapOptions options)
    {
        ArgumentNullException.ThrowIfNull(rootfs);
        ArgumentNullException.ThrowIfNull(options);
        var candidates = new List<RootMount>();
        foreach (var folder in options.ChrootFolders())
        {
            switch (rootfs.Find(folder))
            {
                case { IsDirectory: true }:
                    candidates.Add(new RootMount(folder, RootMountKind.ChrootFolder));
                    break;
                case { Kind: EntryKind.Symlink, LinkTarget: { } target }:
                    candidates.Add(new RootMount(folder, RootMountKind.ChrootSymlink, target));
                    break;
            }
        }

        candidates.AddRange(options.HostFolders().Select(folder => new RootMount(folder, RootMountKind.HostFolder)));
        candidates.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));

        var mounts = new List<RootMount>();
        var warnings = new List<string>();
        foreach (var mount in candidates)
        {
            switch (Enclosing(mounts, mount.Path))
            {
                case { Kind: RootMountKind.ChrootSymlink } link:
                    warnings.Add($"The image's {link.Path} is a symlink (to {link.LinkTarget}); {Describe(mount)} is not made below it in the private root.");
                    break;
                case { Kind: RootMountKind.ChrootFolder } when mount.Kind == RootMountKind.ChrootSymlink:
                    break; // the bound image folder holds that very link already
                case { Kind: RootMountKind.HostFolder } host when mount.Kind == RootMountKind.ChrootSymlink:
                    warnings.Add($"The image's symlink {mount.Path} lies in the host's {host.Path}; it is not made there.");
                    break;
                default:
                    mounts.Add(mount);
                    break;
            }
        }

        return new PrivateRootPlan(mounts, warnings);
    }

    /// <summary>The mount whose folder holds <paramref name="mount"/> most closely, or null when it lies in the private root's tmpfs.</summary>
    public RootMount? EnclosingMount(RootMount mount)
    {
        ArgumentNullException.ThrowIfNull(mount);
        return Enclosing(Mounts, mount.Path);
    }

    /// <summary>
    /// The folders made in the private root's own tmpfs, parents first: every mount point that lies in no other mount,
    /// with the folders on its way.
    /// </summary>
    public IReadOnlyList<string> TmpfsFolders()
    {
        var folders = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var mount in Mounts.Where(m => EnclosingMount(m) is null))
        {
            var parts = mount.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            int count = mount.Kind == RootMountKind.ChrootFolder ? parts.Length : parts.Length - 1;
            for (int i = 1; i <= count; i++)
            {
                folders.Add("/" + string.Join('/', parts[..i]));
            }
        }

        // Parents before children: '/a' sorts before '/a/b' (but '/a-b' between them does no harm).
        return [.. folders];
    }

    /// <summary>
    /// Host folders that lie inside a bound chroot folder (/var/tmp in the image's /var): their mount points must
    /// exist in the image, whose copy is read-only once merged.
    /// </summary>
    public IEnumerable<string> MountPointsInChroot() =>
        Mounts.Where(m => m.Kind == RootMountKind.HostFolder && EnclosingMount(m) is { Kind: RootMountKind.ChrootFolder }).Select(m => m.Path);

    private static RootMount? Enclosing(IEnumerable<RootMount> mounts, string path) =>
        mounts.Where(m => path.StartsWith(m.Path + "/", StringComparison.Ordinal)).MaxBy(m => m.Path.Length);

    private static string Describe(RootMount mount) => mount.Kind switch
    {
        RootMountKind.HostFolder => $"the host's {mount.Path}",
        RootMountKind.ChrootFolder => $"the image's folder {mount.Path}",
        _ => $"the image's link {mount.Path}",
    };
}
