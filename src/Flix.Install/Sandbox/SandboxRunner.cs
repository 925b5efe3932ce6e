using System.Diagnostics;
using System.Globalization;
using System.Text;
using Flix.Core;
using Flix.Core.Tree;

namespace Flix.Install.Sandbox;

/// <summary>
/// Runs shell commands inside a rootfs directory, each with the image's /bin/sh, in its own mount, PID, IPC and UTS
/// namespaces with the host's network, a fresh /proc, a minimal /dev (null zero full random urandom tty, pts, shm),
/// /sys and /proc/sys read-only, tmpfs on /run and /tmp, and the host's resolv.conf and hosts bound over the image's for
/// the run only. The namespace's root becomes a tmpfs with the image and the host's programs read-only (pivot_root), and
/// the command runs with Docker's default capabilities but mknod, so that leaving the chroot reaches nothing of the host.
/// The helper is util-linux <c>unshare</c> running a constant script (<see cref="SandboxScript"/>): .NET is
/// multi-threaded, so it cannot enter new mount or PID namespaces itself. As an ordinary user a user namespace maps the
/// caller to root and its subordinate ids after it (newuidmap, newgidmap). Foreign images run through qemu-user
/// (<see cref="EmulationPlanner"/>). Output streams to <see cref="SandboxOptions.Output"/>; a failing command throws
/// <see cref="SandboxCommandException"/> with its exit code.
/// </summary>
public sealed class SandboxRunner
{
    /// <summary>How many output lines are kept to explain a failure.</summary>
    private const int TailLines = 200;

    private readonly SandboxOptions _options;
    private readonly SandboxHost _host;
    private readonly string _rootfs;

    public SandboxRunner(SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _host = options.Host ?? SandboxHost.Current();
        _rootfs = CanonicalRoot(options.Rootfs);
    }

    /// <summary>Runs each of <paramref name="commands"/> in order; the first that fails stops the rest.</summary>
    public async Task<SandboxRunResult> RunAsync(IReadOnlyList<string> commands, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commands);
        var emulation = EmulationPlanner.Plan(_rootfs, _host);
        var ids = IdMapPlan.For(_host, emulation.NeedsPrivateBinfmt);
        string unshare = _host.Find("unshare") ?? throw new SandboxException("Running commands in an image needs unshare; install the package util-linux.");
        foreach (var tool in new[] { "setpriv", "pivot_root" })
        {
            _ = _host.Find(tool) ?? throw new SandboxException($"Running commands in an image needs {tool}; install the package util-linux.");
        }

        var owners = new List<ForeignOwner>();
        foreach (var command in commands)
        {
            ArgumentException.ThrowIfNullOrEmpty(command);
            if (command.Contains('\0', StringComparison.Ordinal))
            {
                throw new ArgumentException("A command cannot contain a NUL byte.", nameof(commands));
            }

            owners.AddRange(await RunOneAsync(unshare, command, emulation, ids, cancellationToken).ConfigureAwait(false));
        }

        return new SandboxRunResult { Emulation = emulation, ForeignOwners = owners };
    }

    private async Task<IReadOnlyList<ForeignOwner>> RunOneAsync(string unshare, string command, Emulation emulation, IdMapPlan ids, CancellationToken cancellationToken)
    {
        var folders = RunFolders.Prepare(_rootfs);
        string work = string.Empty;
        try
        {
            work = Directory.CreateTempSubdirectory("flix-sandbox-").FullName;
            string resolv = Path.Combine(work, "resolv.conf");
            string hosts = Path.Combine(work, "hosts");
            await File.WriteAllBytesAsync(resolv, ReadHostFile("/etc/resolv.conf"), cancellationToken).ConfigureAwait(false);
            await File.WriteAllBytesAsync(hosts, ReadHostFile("/etc/hosts"), cancellationToken).ConfigureAwait(false);
            string? ownersFile = ids.UserNamespace && !ids.Identity ? Path.Combine(work, "owners") : null;
            string newRoot = Directory.CreateDirectory(Path.Combine(work, "root")).FullName;

            var start = new ProcessStartInfo(unshare)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                StandardOutputEncoding = Encoding.UTF8,
                StandardErrorEncoding = Encoding.UTF8,
            };
            foreach (var argument in Arguments(ids))
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment.Clear();
            start.Environment["PATH"] = _host.SearchPath;
            start.Environment["TERM"] = Environment.GetEnvironmentVariable("TERM") ?? "dumb";
            start.Environment["FLIX_ROOT"] = _rootfs;
            start.Environment["FLIX_RESOLV"] = resolv;
            start.Environment["FLIX_HOSTS"] = hosts;
            start.Environment["FLIX_COMMAND"] = command;
            start.Environment["FLIX_BINFMT"] = emulation.PrivateRegistration ?? string.Empty;
            start.Environment["FLIX_WAIT"] = ids.UserNamespace ? "1" : "0";
            start.Environment["FLIX_OWNERS"] = ownersFile ?? string.Empty;
            start.Environment["FLIX_NEWROOT"] = newRoot;

            var tail = new Queue<string>();
            string? setupError = null;
            using var process = Process.Start(start) ?? throw new SandboxException($"Cannot start {unshare}.");
            try
            {
                var stdout = PumpAsync(process.StandardOutput, isError: false);
                var stderr = PumpAsync(process.StandardError, isError: true);
                if (ids.UserNamespace)
                {
                    await WaitReadyAsync(process, stdout, cancellationToken).ConfigureAwait(false);
                    await MapIdsAsync(process.Id, ids, cancellationToken).ConfigureAwait(false);
                    await process.StandardInput.WriteLineAsync("go").ConfigureAwait(false);
                }

                process.StandardInput.Close();
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                await Task.WhenAll(stdout.Pump, stderr.Pump).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Kill(process);
                throw;
            }
            catch
            {
                Kill(process);
                throw;
            }

            if (process.ExitCode == SandboxScript.SetupFailure && setupError is not null)
            {
                throw new SandboxException($"Cannot set up the sandbox in {_rootfs}: {setupError}.");
            }

            if (process.ExitCode != 0)
            {
                throw new SandboxCommandException(command, process.ExitCode, Hint(ids, tail));
            }

            return ownersFile is null ? [] : RestoreModes(await ReadOwnersAsync(ownersFile, cancellationToken).ConfigureAwait(false));

            (Task Pump, TaskCompletionSource<bool> Ready) PumpAsync(StreamReader reader, bool isError)
            {
                var ready = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                var pump = Task.Run(async () =>
                {
                    bool waiting = !isError && ids.UserNamespace;
                    while (await reader.ReadLineAsync(CancellationToken.None).ConfigureAwait(false) is { } line)
                    {
                        if (waiting && line == SandboxScript.ReadyLine)
                        {
                            waiting = false;
                            ready.TrySetResult(true);
                            continue;
                        }

                        if (isError && line.StartsWith(SandboxScript.ErrorPrefix, StringComparison.Ordinal))
                        {
                            setupError = line[SandboxScript.ErrorPrefix.Length..];
                        }

                        lock (tail)
                        {
                            tail.Enqueue(line);
                            if (tail.Count > TailLines)
                            {
                                tail.Dequeue();
                            }

                            _options.Output?.WriteLine(line);
                        }
                    }

                    ready.TrySetResult(false);
                });
                return (pump, ready);
            }
        }
        finally
        {
            folders.Restore();
            if (work.Length > 0)
            {
                TreeRemover.TryDelete(work);
            }
        }
    }

    /// <summary>The arguments of unshare: new namespaces, a fork so that the script is the PID namespace's init, then the script.</summary>
    private static List<string> Arguments(IdMapPlan ids)
    {
        var arguments = new List<string> { "--mount", "--pid", "--ipc", "--uts", "--fork", "--kill-child", "--propagation", "private" };
        if (ids.UserNamespace)
        {
            arguments.Add("--user");
        }

        arguments.AddRange(["--", "/bin/sh", "-c", SandboxScript.Text, "flix-sandbox"]);
        return arguments;
    }

    private static async Task WaitReadyAsync(Process process, (Task Pump, TaskCompletionSource<bool> Ready) stdout, CancellationToken cancellationToken)
    {
        if (!await stdout.Ready.Task.WaitAsync(TimeSpan.FromMinutes(1), cancellationToken).ConfigureAwait(false))
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            throw new SandboxException($"The sandbox helper ended before its user namespace was set up (exit code {process.ExitCode}); can this user create user namespaces?");
        }
    }

    /// <summary>Writes the user namespace's id maps: directly as root (identity), through newuidmap/newgidmap otherwise.</summary>
    private async Task MapIdsAsync(int pid, IdMapPlan ids, CancellationToken cancellationToken)
    {
        if (ids.Identity)
        {
            string all = $"0 0 {uint.MaxValue}\n";
            await File.WriteAllTextAsync($"/proc/{pid}/uid_map", all, cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync($"/proc/{pid}/gid_map", all, cancellationToken).ConfigureAwait(false);
            return;
        }

        foreach (var (tool, caller, ranges) in new[] { ("newuidmap", _host.UserId, ids.UserRanges), ("newgidmap", _host.GroupId, ids.GroupRanges) })
        {
            string path = _host.Find(tool)!;
            var (exitCode, output) = await RunToolAsync(path, [pid.ToString(CultureInfo.InvariantCulture), .. IdMapPlan.MapArguments(caller, ranges)], cancellationToken).ConfigureAwait(false);
            if (exitCode != 0)
            {
                throw new SandboxException($"{tool} could not map the subordinate ids of uid {_host.UserId}: {output.Trim()}");
            }
        }
    }

    private static async Task<(int ExitCode, string Output)> RunToolAsync(string path, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new SandboxException($"Cannot start {path}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return (process.ExitCode, await output.ConfigureAwait(false) + await error.ConfigureAwait(false));
    }

    /// <summary>A sentence for a failure that looks like a package manager wanting an id the namespace does not have.</summary>
    private string? Hint(IdMapPlan ids, Queue<string> tail)
    {
        if (!ids.UserNamespace || ids.Identity)
        {
            return null;
        }

        bool ownership;
        lock (tail)
        {
            ownership = tail.Any(line => line.Contains("Invalid argument", StringComparison.Ordinal)
                && (line.Contains("own", StringComparison.OrdinalIgnoreCase) || line.Contains("chown", StringComparison.Ordinal)));
        }

        return ownership
            ? $"It tried to give a file an owner outside the ids this user namespace maps (root and {ids.SubordinateUserCount} subordinate ids of uid {_host.UserId} "
                + $"from {_host.SubuidFile} and {_host.SubgidFile}); give the user a larger range there."
            : null;
    }

    private async Task<List<ForeignOwner>> ReadOwnersAsync(string path, CancellationToken cancellationToken)
    {
        var owners = new List<ForeignOwner>();
        if (!File.Exists(path))
        {
            return owners;
        }

        string text = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false));
        foreach (var record in text.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = record.Split(' ', 4);
            if (fields.Length == 4 && fields[3].Length > 0
                && uint.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out uint uid)
                && uint.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out uint gid)
                && int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out int octal))
            {
                owners.Add(new ForeignOwner(fields[3], uid, gid, (UnixFileMode)Convert.ToInt32(octal.ToString(CultureInfo.InvariantCulture), 8)));
            }
        }

        return owners;
    }

    /// <summary>chown cleared the set-id bits of the entries handed back: the caller, now their owner, sets them again.</summary>
    private List<ForeignOwner> RestoreModes(List<ForeignOwner> owners)
    {
        foreach (var owner in owners.Where(o => (o.Mode & (UnixFileMode.SetUser | UnixFileMode.SetGroup)) != 0))
        {
            string path = Path.Combine(_rootfs, owner.Path);
            if (new FileInfo(path).LinkTarget is null && File.Exists(path))
            {
                File.SetUnixFileMode(path, owner.Mode);
            }
        }

        return owners;
    }

    private static byte[] ReadHostFile(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists && info.Length < 1024 * 1024 ? File.ReadAllBytes(path) : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <summary>The rootfs as an absolute path without links (mount(8) resolves links, so the script must get none).</summary>
    private static string CanonicalRoot(string rootfs)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootfs);
        string full = Path.GetFullPath(rootfs);
        if (!Directory.Exists(full))
        {
            throw new SandboxException($"The rootfs {rootfs} is not a directory.");
        }

        var resolved = new List<string>();
        foreach (var part in full.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            string path = "/" + string.Join('/', resolved.Append(part));
            if (new DirectoryInfo(path).ResolveLinkTarget(returnFinalTarget: true) is { } target)
            {
                return CanonicalRoot(Path.Combine(target.FullName, Path.GetRelativePath(path, full)));
            }

            resolved.Add(part);
        }

        return full.TrimEnd('/');
    }
}
