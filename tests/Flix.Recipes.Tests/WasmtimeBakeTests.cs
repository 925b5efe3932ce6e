using System.Diagnostics;
using System.Security.Cryptography;
using Flix.Core.Tree;
using Flix.Recipes.Tests.Servers;

namespace Flix.Recipes.Tests;

/// <summary>
/// <c>flix bake wasmtime</c> end to end: nginx serves a release archive shaped like upstream's (same path after the
/// host, a stand-in program in the real layout), a GitHub API stand-in gives its digest, and the image merges with
/// systemd-sysext in a private mount namespace and runs.
/// </summary>
public sealed class WasmtimeBakeTests : IDisposable
{
    private const string Version = "v24.0.0";
    private const string Asset = $"wasmtime-{Version}-x86_64-linux.tar.xz";
    private readonly string _work = Directory.CreateTempSubdirectory("flix-bake-test-").FullName;

    [Fact]
    public async Task Bake_builds_an_image_that_merges_and_runs()
    {
        var archive = await BuildArchiveAsync();
        await using var nginx = await NginxServer.StartAsync();
        nginx.Put($"bytecodealliance/wasmtime/releases/download/{Version}/{Asset}", archive);
        await using var api = GitHubApiServer.Start("bytecodealliance/wasmtime", [(Version, false, new Dictionary<string, string> { [Asset] = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(archive)) })]);
        var output = Path.Combine(_work, "out");
        var (code, stdout, stderr) = await FlixAsync(api, nginx, "bake", "wasmtime", Version, "--arch", "x86-64", "--output", output);
        Assert.True(code == 0, stderr);
        var image = Path.Combine(output, $"wasmtime-{Version}-x86-64.raw");
        Assert.True(File.Exists(image), stdout + stderr);
        var sums = await File.ReadAllTextAsync(Path.Combine(output, "SHA256SUMS"));
        Assert.Contains($"{Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(image)))}  wasmtime-{Version}-x86-64.raw", sums, StringComparison.Ordinal);

        var run = await RunAsync("unshare", "-m", "--propagation", "private", "sh", "-c",
            $"mount --make-rshared / && mount -t tmpfs tmpfs /run && mkdir -p /run/extensions && cp '{image}' /run/extensions/wasmtime.raw && systemd-sysext merge >/dev/null && wasmtime --version");
        Assert.True(run.Code == 0, run.Stderr);
        Assert.Equal("wasmtime 24.0.0 (stand-in)", run.Stdout.Trim());
    }

    [Fact]
    public async Task A_tampered_archive_fails_naming_the_url_and_both_digests_and_writes_nothing()
    {
        var archive = await BuildArchiveAsync();
        var tampered = archive.ToArray();
        tampered[^100] ^= 0x55;
        await using var nginx = await NginxServer.StartAsync();
        var url = nginx.Put($"bytecodealliance/wasmtime/releases/download/{Version}/{Asset}", tampered);
        var expected = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(archive));
        await using var api = GitHubApiServer.Start("bytecodealliance/wasmtime", [(Version, false, new Dictionary<string, string> { [Asset] = expected })]);
        var output = Path.Combine(_work, "out");
        var (code, _, stderr) = await FlixAsync(api, nginx, "bake", "wasmtime", Version, "--arch", "x86-64", "--output", output);
        Assert.Equal(1, code);
        Assert.Contains(url, stderr, StringComparison.Ordinal);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.Contains("sha256:" + Convert.ToHexStringLower(SHA256.HashData(tampered)), stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any());
    }

    [Fact]
    public async Task A_404_page_fails_naming_the_url_and_status()
    {
        await using var nginx = await NginxServer.StartAsync();
        await using var api = GitHubApiServer.Start("bytecodealliance/wasmtime", [(Version, false, new Dictionary<string, string> { [Asset] = "sha256:" + new string('0', 64) })]);
        var output = Path.Combine(_work, "out");
        var (code, _, stderr) = await FlixAsync(api, nginx, "bake", "wasmtime", Version, "--arch", "x86-64", "--output", output);
        Assert.Equal(1, code);
        Assert.Contains($"{nginx.BaseUrl}/bytecodealliance/wasmtime/releases/download/{Version}/{Asset}", stderr, StringComparison.Ordinal);
        Assert.Contains("HTTP 404", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    public void Dispose() => TreeRemover.Delete(_work);

    private async Task<(int Code, string Stdout, string Stderr)> FlixAsync(GitHubApiServer api, NginxServer nginx, params string[] arguments)
    {
        var environment = new Dictionary<string, string> { ["XDG_CACHE_HOME"] = Path.Combine(_work, "cache"), ["HOME"] = _work };
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await Flix.Cli.Program.RunAsync(
            [.. arguments, "--mirror", $"https://api.github.com={api.BaseUrl}", "--mirror", $"https://github.com={nginx.BaseUrl}"],
            stdout, stderr, name => environment.GetValueOrDefault(name));
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>wasmtime's release layout: wasmtime-VERSION-ARCH-linux/{wasmtime,LICENSE,README.md}, as tar.xz.</summary>
    private async Task<byte[]> BuildArchiveAsync()
    {
        var folder = Path.Combine(_work, "src", $"wasmtime-{Version}-x86_64-linux");
        Directory.CreateDirectory(folder);
        var program = Path.Combine(folder, "wasmtime");
        await File.WriteAllTextAsync(program, "#!/bin/sh\necho \"wasmtime 24.0.0 (stand-in)\"\n");
        File.SetUnixFileMode(program, (UnixFileMode)0x1ED);
        await File.WriteAllTextAsync(Path.Combine(folder, "LICENSE"), "Apache-2.0 WITH LLVM-exception\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "README.md"), "# wasmtime\n");
        var tarball = Path.Combine(_work, Asset);
        var result = await RunAsync("tar", "-cJf", tarball, "-C", Path.Combine(_work, "src"), $"wasmtime-{Version}-x86_64-linux");
        Assert.True(result.Code == 0, result.Stderr);
        return await File.ReadAllBytesAsync(tarball);
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
