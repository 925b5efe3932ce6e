using Flix.Core;
using Flix.Core.Interop;

namespace Flix.Install.Sandbox;

/// <summary>
/// Gets a rootfs ready for a sandbox run and puts it back afterwards: the folders the sandbox mounts on (/proc, /dev,
/// /sys, /run, /tmp, /etc) must be real folders (made when missing, removed again when still empty), and
/// /etc/resolv.conf and /etc/hosts, which the host's copies are bound over, must be regular files: a missing one gets
/// an empty stand-in, a link or anything else is moved aside and moved back. Nothing is ever followed out of the rootfs.
/// </summary>
internal sealed class RunFolders
{
    private static readonly (string Name, UnixFileMode Mode)[] MountFolders =
    [
        ("proc", Mode755), ("dev", Mode755), ("sys", Mode755), ("run", Mode755),
        ("tmp", Mode755 | UnixFileMode.OtherWrite | UnixFileMode.GroupWrite | UnixFileMode.StickyBit), ("etc", Mode755),
    ];

    private const UnixFileMode Mode755 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private readonly List<string> _createdFolders = [];
    private readonly List<string> _standIns = [];
    private readonly List<(string Saved, string Original)> _movedAside = [];

    private RunFolders()
    {
    }

    /// <summary>The files the host's copies are bound over, relative to the rootfs.</summary>
    public static IReadOnlyList<string> BoundFiles { get; } = ["etc/resolv.conf", "etc/hosts"];

    /// <summary>Prepares <paramref name="rootfs"/>; on failure, whatever was changed is put back before throwing.</summary>
    public static RunFolders Prepare(string rootfs)
    {
        var folders = new RunFolders();
        try
        {
            foreach (var (name, mode) in MountFolders)
            {
                string path = Path.Combine(rootfs, name);
                var info = new FileInfo(path);
                if (info.LinkTarget is not null || (info.Exists && !info.Attributes.HasFlag(FileAttributes.Directory)))
                {
                    throw new SandboxException($"The image's /{name} ({path}) is not a folder; Flix runs commands only in a rootfs whose /proc, /dev, /sys, /run, /tmp and /etc are folders.");
                }

                if (!Directory.Exists(path))
                {
                    Directory.CreateDirectory(path, mode);
                    folders._createdFolders.Add(path);
                }
            }

            foreach (var relative in BoundFiles)
            {
                string path = Path.Combine(rootfs, relative);
                var info = new FileInfo(path);
                if (IsRegularFile(path))
                {
                    continue;
                }

                if (info.LinkTarget is not null || info.Exists || Directory.Exists(path))
                {
                    string saved = Path.Combine(Path.GetDirectoryName(path)!, $".flix-saved-{Path.GetFileName(path)}-{Guid.NewGuid():N}");
                    Move(path, saved);
                    folders._movedAside.Add((saved, path));
                }

                File.WriteAllBytes(path, []);
                folders._standIns.Add(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            folders.Restore();
            throw new SandboxException($"Cannot get the rootfs {rootfs} ready to run commands: {e.Message}", e);
        }
        catch
        {
            folders.Restore();
            throw;
        }

        return folders;
    }

    /// <summary>Puts back what <see cref="Prepare"/> changed, in reverse order.</summary>
    public void Restore()
    {
        foreach (var standIn in Enumerable.Reverse(_standIns))
        {
            File.Delete(standIn);
        }

        foreach (var (saved, original) in Enumerable.Reverse(_movedAside))
        {
            Move(saved, original);
        }

        foreach (var folder in Enumerable.Reverse(_createdFolders))
        {
            if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder);
            }
        }

        _standIns.Clear();
        _movedAside.Clear();
        _createdFolders.Clear();
    }

    private static bool IsRegularFile(string path) =>
        Libc.Statx(Libc.AtFdCwd, path, Libc.AtSymlinkNoFollow, Libc.StatxBasicStats, out var status) == 0
        && (status.Mode & 0xF000) == 0x8000;

    /// <summary>Renames an entry (file, link or folder) without following it.</summary>
    private static void Move(string from, string to)
    {
        if (Libc.RenameAt2(Libc.AtFdCwd, from, Libc.AtFdCwd, to, 0) != 0)
        {
            throw new FlixException($"Cannot rename {from} to {to}: {Libc.LastErrorText()}");
        }
    }
}
