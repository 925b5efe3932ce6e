using System.Diagnostics;
using System.Text;

namespace Flix.Oci.Tests.Fixtures;

/// <summary>
/// Runs the external programs the fixtures and oracles use, with an argument list (never a shell string)
/// and a time limit. A program that is missing fails with the Debian package that provides it.
/// </summary>
public static class Tool
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Debian packages of the programs used here, for the "missing program" message.</summary>
    private static readonly Dictionary<string, string> Packages = new(StringComparer.Ordinal)
    {
        ["docker-registry"] = "docker-registry",
        ["skopeo"] = "skopeo",
        ["umoci"] = "umoci",
        ["podman"] = "podman",
        ["unshare"] = "util-linux",
        ["mmdebstrap"] = "mmdebstrap",
        ["zstd"] = "zstd",
        ["htpasswd"] = "apache2-utils",
        ["getfattr"] = "attr",
        ["setfattr"] = "attr",
        ["tar"] = "tar",
        ["find"] = "findutils",
        ["stat"] = "coreutils",
        ["sha256sum"] = "coreutils",
        ["touch"] = "coreutils",
        ["mknod"] = "coreutils",
        ["mkfifo"] = "coreutils",
        ["sh"] = "dash",
    };

    /// <summary>The default limit for one tool run; generous for a loaded two-core machine.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The full path of <paramref name="program"/>; throws naming its Debian package when it is not on PATH.</summary>
    public static string Require(string program)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        foreach (var directory in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, program);
            if (File.Exists(candidate) && (File.GetUnixFileMode(candidate) & UnixFileMode.UserExecute) != 0)
            {
                return candidate;
            }
        }

        string package = Packages.GetValueOrDefault(program, program);
        throw new InvalidOperationException(
            $"The test program `{program}` is not on PATH: install the Debian package `{package}` (apt-get install -y {package}).");
    }

    /// <summary>Throws unless the tests run as root (umoci unpack, device nodes and owners need it).</summary>
    public static void RequireRoot(string why)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new InvalidOperationException($"This test must run as root: {why}.");
        }
    }

    /// <summary>Runs <paramref name="program"/> and returns its result whatever the exit code.</summary>
    public static async Task<ToolResult> RunAsync(
        string program,
        IEnumerable<string> arguments,
        string? standardInputFile = null,
        string? standardOutputFile = null,
        TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string>? environment = null,
        CancellationToken ct = default)
    {
        var startInfo = new ProcessStartInfo(Require(program))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = standardOutputFile is null ? Utf8 : null,
            StandardErrorEncoding = Utf8,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["TZ"] = "UTC";
        startInfo.Environment["LC_ALL"] = "C.UTF-8";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[key] = value;
        }

        string commandLine = program + " " + string.Join(' ', startInfo.ArgumentList.Select(Quote));
        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Cannot start `{commandLine}`.");

        Task feed = Task.CompletedTask;
        if (standardInputFile is null)
        {
            process.StandardInput.Close();
        }
        else
        {
            feed = FeedAsync(process, standardInputFile, ct);
        }

        Task<string> stdout;
        if (standardOutputFile is null)
        {
            stdout = process.StandardOutput.ReadToEndAsync(ct);
        }
        else
        {
            stdout = DrainToFileAsync(process.StandardOutput.BaseStream, standardOutputFile, ct);
        }

        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            ct.ThrowIfCancellationRequested();
            throw new TimeoutException($"`{commandLine}` did not finish within {timeout ?? DefaultTimeout}.");
        }

        await feed;
        return new ToolResult(commandLine, process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs and throws with both outputs when the exit code is not 0.</summary>
    public static async Task<ToolResult> RunCheckedAsync(string program, IEnumerable<string> arguments, CancellationToken ct = default) =>
        (await RunAsync(program, arguments, ct: ct)).EnsureSuccess();

    private static async Task FeedAsync(Process process, string file, CancellationToken ct)
    {
        await using (var input = File.OpenRead(file))
        {
            try
            {
                await input.CopyToAsync(process.StandardInput.BaseStream, ct);
            }
            catch (IOException)
            {
                // The program exited early; its exit code tells why.
            }
        }

        process.StandardInput.Close();
    }

    private static async Task<string> DrainToFileAsync(Stream source, string file, CancellationToken ct)
    {
        await using var output = File.Create(file);
        await source.CopyToAsync(output, ct);
        return string.Empty;
    }

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c))
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
