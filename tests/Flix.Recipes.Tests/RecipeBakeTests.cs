using System.Security.Cryptography;
using Flix.Core.Tree;
using Flix.Recipes.Tests.Servers;
using Flix.Recipes.Tests.Upstream;
using Flix.Testing.Merge;
using Flix.TestSupport.Processes;

namespace Flix.Recipes.Tests;

/// <summary>
/// Every recipe with an <see cref="UpstreamRelease"/> baked end to end: nginx serves its upstream's files at their
/// paths, <c>flix bake NAME VERSION --mirror https://HOST=SERVER/HOST</c> builds the image, and the shared check looks
/// at the tree, extension-release and SHA256SUMS, merges it with the host's systemd-sysext in private namespaces,
/// runs every program there and runs <c>systemd-analyze verify</c> on every shipped unit.
/// </summary>
public sealed class RecipeBakeTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("flix-recipe-bake-").FullName;
    private readonly List<GitHubApiServer> _apis = [];

    public static TheoryData<string> Recipes => UpstreamReleases.Names;

    [Fact]
    public void Every_recipe_that_downloads_over_https_has_an_upstream_for_the_harness()
    {
        var served = UpstreamReleases.All.Select(release => release.Recipe).ToHashSet(StringComparer.Ordinal);
        var missing = RecipeCatalogue.Load().Recipes
            .Where(recipe => recipe.Artifacts.Any(artifact => artifact.Url.Text.StartsWith("https://", StringComparison.Ordinal)))
            .Select(recipe => recipe.Name)
            .Where(name => !served.Contains(name))
            .ToList();
        Assert.True(missing.Count == 0, $"Add a class in Upstream/ for: {string.Join(", ", missing)}");
    }

    [Theory]
    [MemberData(nameof(Recipes))]
    public async Task Recipe_bakes_an_image_that_merges_and_whose_units_find_their_programs(string recipe)
    {
        HostTools.RequireRoot("the check merges the image with systemd-sysext in private namespaces");
        var upstream = UpstreamReleases.Find(recipe);
        await using var nginx = await NginxServer.StartAsync();
        var files = new ReleaseFiles(nginx.Root, Directory.CreateDirectory(Path.Combine(_work, "archives")).FullName);
        upstream.Publish(files);
        var mirrors = files.Origins.Select(origin => $"{origin}={nginx.BaseUrl}/{new Uri(origin).Host}").ToList();
        var apis = StartGitHubApis(upstream, files);
        _apis.AddRange(apis.Select(api => api.Server));
        // One API server per repository, each behind its own prefix (the longest --mirror prefix wins).
        mirrors.AddRange(apis.Select(api => $"https://api.github.com/repos/{api.Repository}={api.Server.BaseUrl}/repos/{api.Repository}"));

        var output = Path.Combine(_work, "out");
        var (code, stdout, stderr) = await FlixAsync([
            "bake", recipe, upstream.Version, "--arch", upstream.Architecture, "--output", output,
            .. mirrors.SelectMany(rule => new[] { "--mirror", rule }),
            .. upstream.Parameters.SelectMany(parameter => new[] { "--param", $"{parameter.Key}={parameter.Value}" })]);
        Assert.True(code == 0, $"flix bake exited with {code}: {stderr}");
        var fileName = $"{recipe}-{upstream.Version}-{upstream.Architecture}.raw";
        var image = Path.Combine(output, fileName);
        Assert.True(File.Exists(image), stdout + stderr);
        var sums = await File.ReadAllTextAsync(Path.Combine(output, "SHA256SUMS"));
        Assert.Contains($"{Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(image)))}  {fileName}\n", sums, StringComparison.Ordinal);

        var tree = Path.Combine(_work, "tree");
        (await ProcessRunner.RunAsync("unsquashfs", ["-no-xattrs", "-d", tree, image])).EnsureSuccess();
        CheckTree(upstream, tree);
        await CheckMergedAsync(upstream, image, tree);
    }

    public void Dispose()
    {
        foreach (var api in _apis)
        {
            api.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        TreeRemover.Delete(_work);
    }

    private static List<(string Repository, GitHubApiServer Server)> StartGitHubApis(UpstreamRelease upstream, ReleaseFiles files) =>
        [.. upstream.GitHubReleases.GroupBy(release => release.Repository, StringComparer.Ordinal).Select(releases => (releases.Key, GitHubApiServer.Start(releases.Key, [.. releases.Select(release =>
        {
            var prefix = $"https://github.com/{release.Repository}/releases/download/{release.Tag}/";
            var digests = files.Files.Keys.Where(url => url.StartsWith(prefix, StringComparison.Ordinal))
                .ToDictionary(url => url[prefix.Length..], url => "sha256:" + files.Sha256(url), StringComparer.Ordinal);
            return (release.Tag, false, (IReadOnlyDictionary<string, string>)digests);
        })])))];

    /// <summary>Programs executable in usr/bin, units in usr/lib/systemd/system, nothing in usr/sbin, extension-release.</summary>
    private static void CheckTree(UpstreamRelease upstream, string tree)
    {
        Assert.False(Directory.Exists(Path.Combine(tree, "usr/sbin")), "the extension ships usr/sbin");
        foreach (var program in upstream.Programs.Select(ProgramPath))
        {
            var path = Path.Combine(tree, program);
            Assert.True(File.Exists(path) && new FileInfo(path).LinkTarget is null, $"{program} is not a file");
            Assert.True((File.GetUnixFileMode(path) & UnixFileMode.OtherExecute) != 0, $"{program} is not executable");
        }

        foreach (var unit in upstream.Units)
        {
            Assert.True(File.Exists(Path.Combine(tree, "usr/lib/systemd/system", unit)), $"usr/lib/systemd/system/{unit} is missing");
        }

        foreach (var other in upstream.OtherFiles)
        {
            Assert.True(File.Exists(Path.Combine(tree, other)), $"{other} is missing");
        }

        var release = File.ReadAllLines(Path.Combine(tree, "usr/lib/extension-release.d", $"extension-release.{upstream.Recipe}"))
            .Select(line => line.Split('=', 2)).Where(pair => pair.Length == 2).ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
        Assert.False(string.IsNullOrEmpty(release.GetValueOrDefault("ID")), "extension-release has no ID");
        Assert.Equal(upstream.Architecture, release.GetValueOrDefault("ARCHITECTURE"));
        if (upstream.Units.Count > 0)
        {
            Assert.Equal("1", release.GetValueOrDefault("EXTENSION_RELOAD_MANAGER"));
        }
    }

    /// <summary>
    /// Merges the image in private namespaces; there every program runs (each stand-in prints "stand-in"),
    /// systemd-sysusers --dry-run accepts every sysusers.d file, and systemd-analyze verify of every unit the extension
    /// ships reports no program that is not executable; then the upstream's own <see cref="UpstreamRelease.MergedCheck"/>.
    /// </summary>
    private static async Task CheckMergedAsync(UpstreamRelease upstream, string image, string tree)
    {
        var unitFolder = Path.Combine(tree, "usr/lib/systemd/system");
        var shipped = Directory.Exists(unitFolder)
            ? Directory.EnumerateFiles(unitFolder).Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal).ToList()
            : [];
        var sysusersFolder = Path.Combine(tree, "usr/lib/sysusers.d");
        var sysusers = Directory.Exists(sysusersFolder) ? Directory.EnumerateFiles(sysusersFolder).Select(path => Path.GetFileName(path)).ToList() : [];
        const string Script = """
            status=0
            programs=$1 sysusers=$2 extra=$3
            shift 3
            for program in $programs; do
              out=$("/$program" 2>&1) || { echo "/$program exited with $?: $out"; status=1; }
              case $out in *stand-in*) ;; *) echo "/$program printed: $out"; status=1 ;; esac
            done
            for file in $sysusers; do
              out=$(systemd-sysusers --dry-run "/usr/lib/sysusers.d/$file" 2>&1) || { echo "systemd-sysusers rejects $file: $out"; status=1; }
            done
            for unit in "$@"; do
              out=$(systemd-analyze verify "/usr/lib/systemd/system/$unit" 2>&1)
              echo "== $unit"; echo "$out"
              if echo "$out" | grep -E 'is not executable|Failed to load|not found' >/dev/null; then echo "!! $unit"; status=1; fi
            done
            if [ -n "$extra" ]; then
              out=$(sh -c "$extra" 2>&1) || { echo "the recipe's own check failed: $out"; status=1; }
            fi
            exit $status
            """;
        var result = await SysextMergeTester.RunAsync(new MergeTestOptions
        {
            Images = [image],
            Command = ["/bin/sh", "-c", Script, "check", string.Join(' ', upstream.Programs.Select(ProgramPath)), string.Join(' ', sysusers), upstream.MergedCheck ?? string.Empty, .. shipped],
            CaptureOutput = true,
            Timeout = TimeSpan.FromMinutes(3),
        });
        Assert.True(result.AllMerged, $"{result.MergeError} {string.Join("; ", result.Refused.SelectMany(r => r.Reasons))}");
        Assert.Empty(result.LeftBehind);
        Assert.True(result.CommandExitCode == 0, $"{result.CommandOutput}\n{result.CommandError}");
    }

    private static string ProgramPath(string program) => program.Contains('/', StringComparison.Ordinal) ? program : "usr/bin/" + program;

    private async Task<(int Code, string Stdout, string Stderr)> FlixAsync(string[] arguments)
    {
        var environment = new Dictionary<string, string> { ["XDG_CACHE_HOME"] = Path.Combine(_work, "cache"), ["HOME"] = _work };
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await Flix.Cli.Program.RunAsync(arguments, stdout, stderr, name => environment.GetValueOrDefault(name));
        return (code, stdout.ToString(), stderr.ToString());
    }
}
