using System.Diagnostics;
using System.Security.Cryptography;
using Flix.Elf;
using Flix.IntegrationTests.Infrastructure;
using Flix.TestSupport.Processes;
using Flix.TestSupport.Files;
using Flix.TestSupport.S3;

namespace Flix.IntegrationTests.Release;

/// <summary>
/// The NativeAOT executable of tools/publish.sh runs on a machine without .NET: with an empty PATH (no dotnet) and
/// no DOTNET_ROOT it prints its help, packs an image byte for byte as the managed build does, patches an ELF file
/// as readelf then reads it, answers as Flatwrap through its flatwrap link, lists the recipes and bakes from file:// and
/// from an S3 server (AWSSDK.S3 and the YAML static context under NativeAOT). It links no .NET runtime library, and
/// the publish prints no trim or AOT warning.
/// </summary>
[Trait("Builder", "native")]
public sealed class NativeBuildTests : IClassFixture<NativeBuildFixture>
{
    private readonly NativeBuildFixture _build;

    public NativeBuildTests(NativeBuildFixture build) => _build = build;

    /// <summary>Runs <paramref name="program"/> with nothing of this process's environment: an empty PATH, a scratch HOME.</summary>
    private static Task<(int ExitCode, string Output, string Error)> RunBareAsync(string program, string home, params string[] arguments) =>
        RunBareAsync(program, home, arguments, []);

    /// <summary>As above, with <paramref name="variables"/> set as well (AWS_* for the S3 tests).</summary>
    private static async Task<(int ExitCode, string Output, string Error)> RunBareAsync(string program, string home, string[] arguments, Dictionary<string, string> variables)
    {
        string emptyPath = Directory.CreateDirectory(Path.Combine(home, "empty-path")).FullName;
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment.Clear();
        start.Environment["PATH"] = emptyPath;
        start.Environment["HOME"] = home;
        foreach (var (name, value) in variables)
        {
            start.Environment[name] = value;
        }

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

    [Fact]
    public void The_publish_has_no_trim_or_aot_warnings()
    {
        // AWSSDK.S3 and YamlDotNet (static context) are in: any IL2xxx/IL3xxx warning means a path that may break native.
        Assert.DoesNotMatch(@"warning IL[23]\d{3}", _build.PublishLog);
    }

    [Fact]
    public async Task It_lists_the_recipes_and_bakes_a_file_recipe()
    {
        using var temp = TempDirectory.Create("native-bake");
        string releases = Directory.CreateDirectory(temp.Combine("releases")).FullName;
        string tool = Directory.CreateDirectory(temp.Combine("src", "local-tool-1.0.0", "bin")).FullName;
        await File.WriteAllTextAsync(Path.Combine(tool, "local-tool"), "#!/bin/sh\necho local tool\n");
        File.SetUnixFileMode(Path.Combine(tool, "local-tool"), (UnixFileMode)0x1ED);
        (await ProcessRunner.RunAsync("tar", ["-czf", Path.Combine(releases, "local-tool-1.0.0-x86_64.tar.gz"), "-C", temp.Combine("src"), "local-tool-1.0.0"])).EnsureSuccess();
        await File.WriteAllTextAsync(Path.Combine(releases, "SHA256SUMS"), $"{Hash(Path.Combine(releases, "local-tool-1.0.0-x86_64.tar.gz"))}  local-tool-1.0.0-x86_64.tar.gz\n");

        var list = await RunBareAsync(_build.Flix, temp.Path, "recipes", "--json");
        var bake = await RunBareAsync(_build.Flix, temp.Path, "bake", "local-tool", "1.0.0", "--arch", "x86-64",
            "--mirror", $"file:///var/lib/flix/releases=file://{releases}", "--output", temp.Combine("out"));

        Assert.True(list.ExitCode == 0, list.Error);
        Assert.Contains("\"wasmtime\"", list.Output);
        Assert.Contains("\"local-tool\"", list.Output);
        Assert.True(bake.ExitCode == 0, bake.Error);
        string image = temp.Combine("out", "local-tool-1.0.0-x86-64.raw");
        Assert.Contains($"{Hash(image)}  local-tool-1.0.0-x86-64.raw", await File.ReadAllTextAsync(temp.Combine("out", "SHA256SUMS")));
        var listing = await ProcessRunner.RunAsync("unsquashfs", ["-lls", image]);
        listing.EnsureSuccess();
        Assert.Matches(@"-rwxr-xr-x .* squashfs-root/usr/bin/local-tool\n", listing.StandardOutput);
    }

    [Fact]
    public async Task It_bakes_from_an_s3_server_with_the_environments_credentials()
    {
        using var temp = TempDirectory.Create("native-s3");
        await using var s3 = await LocalS3Server.StartAsync(["amazon-eks"]);
        var program = "#!/bin/sh\necho kubectl\n"u8.ToArray();
        const string key = "1.31.0/2024-09-12/bin/linux/amd64/kubectl";
        await s3.PutAsync("amazon-eks", key, program);
        await s3.PutAsync("amazon-eks", key + ".sha256", System.Text.Encoding.ASCII.GetBytes($"{Convert.ToHexStringLower(SHA256.HashData(program))}  kubectl\n"));
        string[] bake = ["bake", "eks-kubectl", "1.31.0+2024-09-12", "--arch", "x86-64", "--output", temp.Combine("out")];

        var (exitCode, _, error) = await RunBareAsync(_build.Flix, temp.Path, bake,
            new() { ["AWS_ACCESS_KEY_ID"] = LocalS3Server.AccessKey, ["AWS_SECRET_ACCESS_KEY"] = LocalS3Server.SecretKey, ["AWS_ENDPOINT_URL"] = s3.Endpoint });
        var wrong = await RunBareAsync(_build.Flix, temp.Path, [.. bake[..^1], temp.Combine("wrong")],
            new() { ["AWS_ACCESS_KEY_ID"] = LocalS3Server.AccessKey, ["AWS_SECRET_ACCESS_KEY"] = "wrong", ["AWS_ENDPOINT_URL"] = s3.Endpoint, ["XDG_CACHE_HOME"] = temp.Combine("other-cache") });

        Assert.True(exitCode == 0, error);
        Assert.True(File.Exists(temp.Combine("out", "eks-kubectl-1.31.0+2024-09-12-x86-64.raw")));
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("HTTP 403", wrong.Error);
        Assert.DoesNotContain("internal error", wrong.Error);
    }

    private static string Hash(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
