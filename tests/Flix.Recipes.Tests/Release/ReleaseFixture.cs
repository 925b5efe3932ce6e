using System.Diagnostics;
using System.Security.Cryptography;
using Flix.Core.Tree;

namespace Flix.Recipes.Tests.Release;

/// <summary>
/// A local release drop and a recipe for it: kubetool-VERSION-ARCH.tar.gz archives (a stand-in program in
/// kubetool-VERSION/bin/) with a real SHA256SUMS, served by file:// URLs, and recipes/kubetool.yaml, a minor-pinned
/// recipe (the kubernetes family's sysupdate) with fixed versions, 'latest' the newest patch of the two newest minors.
/// </summary>
internal sealed class ReleaseFixture : IDisposable
{
    public static readonly string[] Versions = ["v1.32.1", "v1.32.2", "v1.33.0"];

    public ReleaseFixture()
    {
        Work = Directory.CreateTempSubdirectory("flix-release-test-").FullName;
        Directory.CreateDirectory(Drop);
        Directory.CreateDirectory(Recipes);
    }

    public string Work { get; }

    public string Drop => Path.Combine(Work, "drop");

    public string Recipes => Path.Combine(Work, "recipes");

    public string RecipeText => $$"""
        name: kubetool
        description: A stand-in for a kubernetes-family tool, from a local release drop
        arches:
          x86-64: amd64
          arm64: arm64
        versions:
          fixed: [{{string.Join(", ", Versions)}}]
          latest: per-minor 2
        artifacts:
          - url: file://{{Drop}}/kubetool-{version}-{arch}.tar.gz
            checksum:
              list: file://{{Drop}}/SHA256SUMS
            install:
              - from: kubetool-*/bin/*
                to: /usr/bin/
                mode: "0755"
        sysupdate:
          minor_pinned: true
          on_update: reboot
        """;

    public async Task<ReleaseFixture> WriteAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(Recipes, "kubetool.yaml"), RecipeText);
        var sums = new List<string>();
        foreach (var version in Versions)
        {
            foreach (var arch in new[] { "amd64", "arm64" })
            {
                string folder = Path.Combine(Work, "src", $"kubetool-{version}", "bin");
                Directory.CreateDirectory(folder);
                string program = Path.Combine(folder, "kubetool");
                await File.WriteAllTextAsync(program, $"#!/bin/sh\necho 'kubetool {version} {arch} (stand-in)'\n");
                File.SetUnixFileMode(program, (UnixFileMode)0x1ED);
                string archive = $"kubetool-{version}-{arch}.tar.gz";
                var (code, _, stderr) = await RunAsync("tar", "--sort=name", "--mtime=@0", "-czf", Path.Combine(Drop, archive), "-C", Path.Combine(Work, "src"), $"kubetool-{version}");
                Assert.True(code == 0, stderr);
                sums.Add($"{Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(Drop, archive))))}  {archive}");
            }
        }

        await File.WriteAllTextAsync(Path.Combine(Drop, "SHA256SUMS"), string.Join('\n', sums) + "\n");
        return this;
    }

    /// <summary>Runs flix in process with the fixture's recipes and its own cache.</summary>
    public async Task<(int Code, string Stdout, string Stderr)> FlixAsync(params string[] arguments)
    {
        var environment = new Dictionary<string, string> { ["XDG_CACHE_HOME"] = Path.Combine(Work, "cache"), ["HOME"] = Work };
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await Flix.Cli.Program.RunAsync([.. arguments, "--recipes", Recipes], stdout, stderr, name => environment.GetValueOrDefault(name));
        return (code, stdout.ToString(), stderr.ToString());
    }

    public static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    public void Dispose() => TreeRemover.Delete(Work);
}
