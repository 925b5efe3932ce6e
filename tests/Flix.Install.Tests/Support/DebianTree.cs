using System.Security.Cryptography;
using System.Text;

namespace Flix.Install.Tests.Support;

/// <summary>
/// A real Debian rootfs made by <c>mmdebstrap --variant=apt</c> from the machine's mirror, archived with GNU tar and
/// cached under /var/tmp/flix-test-cache (<c>FLIX_TEST_CACHE</c>) by a key of its recipe; concurrent runs wait on a
/// lock file. A foreign architecture is built the way Flix runs foreign images: mmdebstrap inside a user namespace
/// (every id mapped to itself) whose private binfmt_misc instance has qemu-user-static registered, so the host's
/// binfmt_misc is never touched.
/// </summary>
public static class DebianTree
{
    private const int RecipeVersion = 1;
    private const string SourceDateEpoch = "1704164645";
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static string CacheDirectory => Environment.GetEnvironmentVariable("FLIX_TEST_CACHE") is { Length: > 0 } custom ? custom : "/var/tmp/flix-test-cache";

    /// <summary>The rootfs tar of <paramref name="suite"/> for <paramref name="architecture"/> (Debian's name), built on first use.</summary>
    public static async Task<string> GetAsync(string suite, string architecture, IReadOnlyList<string> includes)
    {
        string recipe = $"v{RecipeVersion} mmdebstrap --variant=apt --arch={architecture} {suite} include={string.Join(',', includes)} | tar";
        string key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(recipe)))[..16];
        string folder = Path.Combine(CacheDirectory, $"debian-{suite}-{architecture}-apt-{key}");
        string tar = Path.Combine(folder, "rootfs.tar");
        await Gate.WaitAsync();
        try
        {
            if (File.Exists(tar))
            {
                return tar;
            }

            Directory.CreateDirectory(CacheDirectory);
            await using var lockFile = await LockAsync(folder + ".lock");
            if (File.Exists(tar))
            {
                return tar;
            }

            Run.RequireRoot();
            Run.Require("mmdebstrap", "mmdebstrap");
            string building = folder + ".building-" + Environment.ProcessId;
            Flix.Core.Tree.TreeRemover.TryDelete(building);
            Directory.CreateDirectory(building);
            try
            {
                string tree = Path.Combine(building, "tree");
                var arguments = new List<string> { "--quiet", "--mode=root", "--variant=apt", "--format=directory", "--arch=" + architecture };
                if (includes.Count > 0)
                {
                    arguments.Add("--include=" + string.Join(',', includes));
                }

                arguments.AddRange([suite, tree]);
                var environment = new Dictionary<string, string> { ["SOURCE_DATE_EPOCH"] = SourceDateEpoch };
                bool foreign = architecture != "amd64";
                var result = foreign
                    ? await ForeignAsync(architecture, arguments, environment)
                    : await Run.ProgramAsync("mmdebstrap", arguments, TimeSpan.FromMinutes(20), environment);
                result.EnsureSuccess($"mmdebstrap {string.Join(' ', arguments)}");
                (await Run.ProgramAsync("tar",
                [
                    "--create", "--file", Path.Combine(building, "rootfs.tar"), "--format=pax", "--sort=name", "--numeric-owner",
                    "--xattrs", "--xattrs-include=*", "--pax-option=delete=atime,delete=ctime",
                    "--mtime=@" + SourceDateEpoch, "--clamp-mtime", "--directory", tree, ".",
                ])).EnsureSuccess("tar");
                Flix.Core.Tree.TreeRemover.Delete(tree);
                await File.WriteAllTextAsync(Path.Combine(building, "recipe"), recipe + "\n");
                Directory.Move(building, folder);
            }
            catch
            {
                Flix.Core.Tree.TreeRemover.TryDelete(building);
                throw;
            }

            return tar;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>mmdebstrap for a foreign architecture, in a user namespace with qemu-user-static in a private binfmt_misc.</summary>
    private static async Task<Run.Result> ForeignAsync(string architecture, List<string> arguments, Dictionary<string, string> environment)
    {
        string qemuName = architecture switch
        {
            "arm64" => "aarch64",
            _ => throw new NotSupportedException($"No qemu mapping for {architecture} in the test fixture."),
        };
        var emulator = Flix.Install.Sandbox.QemuEmulator.For(Flix.Elf.ElfMachine.AArch64)!;
        string qemu = Run.Require($"qemu-{qemuName}-static", "qemu-user-static");
        Run.Require("arch-test", "arch-test");
        string script = """
            set -eu
            echo ready
            read -r go
            mount -t binfmt_misc flix-binfmt /proc/sys/fs/binfmt_misc
            printf '%s' "$FLIX_BINFMT" > /proc/sys/fs/binfmt_misc/register
            exec mmdebstrap "$@" </dev/null
            """;
        var start = new System.Diagnostics.ProcessStartInfo("unshare")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var argument in new[] { "--user", "--mount", "--propagation", "private", "--", "sh", "-c", script, "sh" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        start.Environment["FLIX_BINFMT"] = emulator.RegistrationLine(qemu);
        using var process = System.Diagnostics.Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        if (await process.StandardOutput.ReadLineAsync() != "ready")
        {
            await process.WaitForExitAsync();
            return new Run.Result(process.ExitCode, string.Empty, await error);
        }

        // As root, map every id to itself: inside, the files get their real owners.
        await File.WriteAllTextAsync($"/proc/{process.Id}/uid_map", "0 0 4294967295\n");
        await File.WriteAllTextAsync($"/proc/{process.Id}/gid_map", "0 0 4294967295\n");
        await process.StandardInput.WriteLineAsync("go");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new Run.Result(process.ExitCode, await output, await error);
    }

    private static async Task<FileStream> LockAsync(string path)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(40);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(1000);
            }
        }
    }
}
