using Flix.Core.Tree;

namespace Flix.Flatwrap;

/// <summary>
/// The folders of the private root in the order they are made: sorted by path, so that a folder is bound before the
/// folders inside it (/var before /var/tmp). Chroot folders the image lacks are left out; a chroot folder that is a
/// symlink in the image (merged /usr) becomes the same symlink.
/// </summary>
public sealed class PrivateRootPlan
{
    private PrivateRootPlan(IReadOnlyList<RootMount> mounts) => Mounts = mounts;

    public IReadOnlyList<RootMount> Mounts { get; }

    /// <summary>The plan for <paramref name="options"/> over the image's tree <paramref name="rootfs"/>.</summary>
    public static PrivateRootPlan Create(FileTree rootfs, FlatwrapOptions options)
    {
        ArgumentNullException.ThrowIfNull(rootfs);
        ArgumentNullException.ThrowIfNull(options);
        var mounts = new List<RootMount>();
        foreach (var folder in options.ChrootFolders())
        {
            switch (rootfs.Find(folder))
            {
                case { IsDirectory: true }:
                    mounts.Add(new RootMount(folder, RootMountKind.ChrootFolder));
                    break;
                case { Kind: EntryKind.Symlink, LinkTarget: { } target }:
                    mounts.Add(new RootMount(folder, RootMountKind.ChrootSymlink, target));
                    break;
            }
        }

        mounts.AddRange(options.HostFolders().Select(folder => new RootMount(folder, RootMountKind.HostFolder)));
        mounts.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return new PrivateRootPlan(mounts);
    }

    /// <summary>
    /// Host folders that lie inside a bound chroot folder (/var/tmp in the image's /var): their mount points must
    /// exist in the image, whose copy is read-only once merged.
    /// </summary>
    public IEnumerable<string> MountPointsInChroot()
    {
        var chroot = Mounts.Where(m => m.Kind == RootMountKind.ChrootFolder).Select(m => m.Path).ToList();
        foreach (var host in Mounts.Where(m => m.Kind == RootMountKind.HostFolder))
        {
            if (chroot.Any(folder => host.Path.StartsWith(folder + "/", StringComparison.Ordinal)))
            {
                yield return host.Path;
            }
        }
    }
}
