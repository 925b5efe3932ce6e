using System.Diagnostics;
using System.Security.Cryptography;
using Flix.Elf;
using Flix.IntegrationTests.Infrastructure;
using Flix.TestSupport.Processes;
using Flix.TestSupport.Files;

namespace Flix.IntegrationTests.Release;

/// <summary>
/// The NativeAOT executable of tools/publish.sh runs on a machine without .NET: with an empty PATH (no dotnet) and
/// no DOTNET_ROOT it prints its help, packs an image byte for byte as the managed build does, patches an ELF file
/// as readelf then reads it, and answers as Flatwrap through its flatwrap link. It links no .NET runtime library.
/// </summary>
[Trait("Builder", "native")]
public sealed class NativeBuildTests : IClassFixture<NativeBuildFixture>
{
    private readonly NativeBuildFixture _build;

    public NativeBuildTests(NativeBuildFixture build) => _build = build;

    /// <summary>Runs <paramref name="program"/> with nothing of this process's environment: an empty PATH, a scratch HOME.</summary>
    private static async Task<(int ExitCode, string Output, string Error)> RunBareAsync(string program, string home, params string[] arguments)
    {
        string emptyPath = Directory.CreateDirectory(Path.Combine(home, "empty-path")).FullName;
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment.Clear();
        start.Environment["PATH"] = emptyPath;
        start.Environment["HOME"] = home;
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    [Fact]
    public async Task It_runs_help_without_dotnet_and_links_no_runtime()
    {
        using var temp = TempDirectory.Create("native-help");

        var (exitCode, output, error) = await RunBareAsync(_build.Flix, temp.Path, "--help");

        Assert.True(exitCode == 0, error);
        Assert.Contains("Usage:", output);
        Assert.Contains("pack <tree> <name>", output);
        var elf = ElfFile.Read(_build.Flix);
        Assert.Null(elf.RunPath);
        Assert.DoesNotContain(elf.Needed, name => name.Contains("coreclr", StringComparison.Ordinal) || name.Contains("hostfxr", StringComparison.Ordinal));
        Assert.All(elf.Needed, name => Assert.Matches(@"^(libc|libm|libdl|librt|libpthread|libgcc_s|ld-linux[-\w]*)\.so\.\d+$", name));
    }

    [Fact]
    public async Task It_packs_the_same_image_as_the_managed_build()
    {
        using var temp = TempDirectory.Create("native-pack");
        string tree = Directory.CreateDirectory(temp.Combine("tree/usr/bin")).FullName;
        await File.WriteAllTextAsync(Path.Combine(tree, "hello"), "#!/bin/sh\necho hello\n");
        File.SetUnixFileMode(Path.Combine(tree, "hello"), (UnixFileMode)0x1ED);
        string[] pack = ["pack", temp.Combine("tree"), "hello", "--version", "1.0", "--arch", "x86-64", "--epoch", "1700000000"];

        var (exitCode, output, error) = await RunBareAsync(_build.Flix, temp.Path, [.. pack, "--output", temp.Combine("native")]);
        using var managedOutput = new StringWriter();
        using var managedError = new StringWriter();
        int managed = await Cli.Program.RunAsync([.. pack, "--output", temp.Combine("managed")], managedOutput, managedError, _ => null);

        Assert.True(exitCode == 0, error + output);
        Assert.True(managed == 0, managedError.ToString());
        string image = "hello-1.0-x86-64.raw";
        Assert.Equal(Hash(temp.Combine("managed", image)), Hash(temp.Combine("native", image)));
        Assert.Equal(await File.ReadAllTextAsync(temp.Combine("managed", "SHA256SUMS")), await File.ReadAllTextAsync(temp.Combine("native", "SHA256SUMS")));
    }

    [Fact]
    public async Task It_patches_an_elf_file_as_readelf_reads_it_back()
    {
        using var temp = TempDirectory.Create("native-elf");
        string copy = temp.Combine("true");
        File.Copy("/usr/bin/true", copy);

        var (exitCode, _, error) = await RunBareAsync(_build.Flix, temp.Path, "elf", copy, "--set-runpath", "/opt/flix-native/lib:/lib/x86_64-linux-gnu");

        Assert.True(exitCode == 0, error);
        var readelf = await ProcessRunner.RunAsync("readelf", ["-d", copy]);
        readelf.EnsureSuccess();
        Assert.Contains("Library runpath: [/opt/flix-native/lib:/lib/x86_64-linux-gnu]", readelf.StandardOutput);
        var run = await ProcessRunner.RunAsync(copy, []);
        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public async Task Started_as_flatwrap_it_is_flix_flatwrap()
    {
        using var temp = TempDirectory.Create("native-flatwrap");
        string link = Path.Combine(_build.Folder, "flatwrap");
        Assert.Equal("flix", new FileInfo(link).LinkTarget);

        var (exitCode, output, error) = await RunBareAsync(link, temp.Path, "--help");

        Assert.True(exitCode == 0, error);
        Assert.Contains("Ship an image's whole rootfs as a sysext under /usr/local/NAME", output);
    }

    private static string Hash(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
