namespace Flix.Install.Sandbox;

/// <summary>
/// Resolves a path inside a rootfs directory on disk as the kernel would inside a chroot: absolute link targets start
/// again at the rootfs and '..' never climbs above it, so nothing outside the rootfs is looked at.
/// </summary>
public static class ConfinedPath
{
    private const int MaxLinks = 40;

    /// <summary>The host path of <paramref name="path"/> inside <paramref name="root"/> with every link followed, or null when something is missing.</summary>
    public static string? Resolve(string root, string path)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(path);
        var resolved = new List<string>();
        var pending = new Stack<string>(path.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        int links = 0;
        while (pending.TryPop(out var name))
        {
            if (name == ".")
            {
                continue;
            }

            if (name == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }

                continue;
            }

            string candidate = Path.Combine(root, Path.Combine([.. resolved, name]));
            var info = new FileInfo(candidate);
            if (info.LinkTarget is { } target)
            {
                if (++links > MaxLinks)
                {
                    return null;
                }

                if (target.StartsWith('/'))
                {
                    resolved.Clear();
                }

                foreach (var part in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
                {
                    pending.Push(part);
                }

                continue;
            }

            if (!info.Exists && !Directory.Exists(candidate))
            {
                return null;
            }

            resolved.Add(name);
        }

        return resolved.Count == 0 ? root : Path.Combine(root, Path.Combine([.. resolved]));
    }
}
