using Flix.Core;

namespace Flix.Testing.Boot;

/// <summary>
/// A cgroup of its own for one container run, in every hierarchy systemd-nspawn uses: the unified (v2) one and,
/// on hybrid hosts, the named v1 "systemd" one. nspawn (--keep-unit) makes payload/ and supervisor/ below it.
/// It lets the run find the container's processes, kill them all as a last resort, and be removed afterwards.
/// </summary>
public sealed class ContainerCgroup
{
    private const string Root = "/sys/fs/cgroup";

    private ContainerCgroup(string unified, IReadOnlyList<string> folders)
    {
        Unified = unified;
        Folders = folders;
    }

    /// <summary>The folder in the unified hierarchy.</summary>
    public string Unified { get; }

    /// <summary>Every folder made, one per hierarchy (the unified one first).</summary>
    public IReadOnlyList<string> Folders { get; }

    /// <summary>Creates <paramref name="name"/> in the host's hierarchies: pure v2, or hybrid (unified + named systemd).</summary>
    public static ContainerCgroup Create(string name)
    {
        var folders = new List<string>();
        if (File.Exists(Path.Combine(Root, "cgroup.controllers")))
        {
            folders.Add(Path.Combine(Root, name));
        }
        else if (Directory.Exists(Path.Combine(Root, "unified")) && Directory.Exists(Path.Combine(Root, "systemd")))
        {
            folders.Add(Path.Combine(Root, "unified", name));
            folders.Add(Path.Combine(Root, "systemd", name));
        }
        else
        {
            throw new FlixException($"{Root} has neither a unified (cgroup v2) hierarchy nor the hybrid layout (unified/ and systemd/); flix test --boot cannot give systemd-nspawn a cgroup.");
        }

        foreach (var folder in folders)
        {
            Directory.CreateDirectory(folder);
        }

        return new ContainerCgroup(folders[0], folders);
    }

    /// <summary>Every process in the unified folder and below.</summary>
    public IReadOnlyList<int> Processes()
    {
        var pids = new List<int>();
        if (!Directory.Exists(Unified))
        {
            return pids;
        }

        foreach (var procs in Directory.EnumerateFiles(Unified, "cgroup.procs", SearchOption.AllDirectories))
        {
            try
            {
                pids.AddRange(File.ReadAllLines(procs).Select(line => int.TryParse(line, out int pid) ? pid : 0).Where(pid => pid > 0));
            }
            catch (IOException)
            {
                // The cgroup went away while being read.
            }
        }

        return pids;
    }

    /// <summary>Kills every process of the container and nspawn itself: cgroup.kill where the kernel has it, else SIGKILL each.</summary>
    public void KillAll()
    {
        string kill = Path.Combine(Unified, "cgroup.kill");
        if (File.Exists(kill))
        {
            File.WriteAllText(kill, "1");
            return;
        }

        foreach (int pid in Processes())
        {
            Flix.Core.Interop.Libc.Kill(pid, 9);
        }
    }

    /// <summary>Removes the folders, deepest first, waiting up to <paramref name="limit"/> for their processes to be gone; returns what could not be removed.</summary>
    public async Task<IReadOnlyList<string>> RemoveAsync(TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var left = new List<string>();
            foreach (var root in Folders.Where(Directory.Exists))
            {
                foreach (var folder in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories).Append(root).OrderByDescending(f => f.Length))
                {
                    try
                    {
                        Directory.Delete(folder); // a cgroup folder goes with rmdir; its control files are not real files
                    }
                    catch (IOException)
                    {
                        left.Add(folder);
                    }
                }
            }

            if (left.Count == 0 || DateTime.UtcNow >= deadline)
            {
                return left;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200)).ConfigureAwait(false);
        }
    }
}
