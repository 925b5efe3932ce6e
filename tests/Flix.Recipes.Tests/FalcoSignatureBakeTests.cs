using Flix.Core.Tree;
using Flix.Recipes.Tests.Servers;
using Flix.Recipes.Tests.Upstream;
using Flix.TestSupport.OpenPgp;
using Flix.TestSupport.Processes;

namespace Flix.Recipes.Tests;

/// <summary>
/// <c>flix bake falco</c> against falco's files served by nginx at their paths, with a signature made by gpg: a good
/// one bakes (and the shipped tmpfiles.d seeds /etc and /var as systemd-tmpfiles runs it); one that does not hold is
/// refused before anything is unpacked, in one line naming the archive, the signature and the key, writing nothing.
/// </summary>
public sealed class FalcoSignatureBakeTests : IDisposable
{
    private const string Version = "0.42.0";
    private readonly string _work = Directory.CreateTempSubdirectory("flix-falco-bake-").FullName;

    [Fact]
    public async Task A_signed_release_bakes_reports_its_signer_and_its_tmpfiles_seed_etc_and_var()
    {
        await using var nginx = await NginxServer.StartAsync();
        var files = new ReleaseFiles(nginx.Root, Scratch());
        new FalcoUpstream().Publish(files);

        var (code, stdout, stderr) = await BakeAsync(nginx, files, Output, "--json");

        Assert.True(code == 0, stderr);
        Assert.Contains($"\"verification\":\"openpgp {ReleaseSigningKey.Fingerprint}\"", stdout, StringComparison.Ordinal);
        var tree = Path.Combine(_work, "tree");
        (await ProcessRunner.RunAsync("unsquashfs", ["-no-xattrs", "-d", tree, Path.Combine(Output, $"falco-{Version}-x86-64.raw")])).EnsureSuccess();
        Assert.False(Directory.Exists(Path.Combine(tree, "usr/src")), "the driver sources are shipped");

        // systemd-tmpfiles itself, as at boot (or in the units' ExecStartPre), seeds /etc and /var from the extension.
        (await ProcessRunner.RunAsync("systemd-tmpfiles", ["--root=" + tree, "--create", "falco.conf"])).EnsureSuccess();
        Assert.Equal("load_plugins: [container]\n", await File.ReadAllTextAsync(Path.Combine(tree, "etc/falco/config.d/falco.container_plugin.yaml")));
        Assert.True(File.Exists(Path.Combine(tree, "etc/falco/falco.yaml")));
        Assert.True(File.Exists(Path.Combine(tree, "etc/falcoctl/falcoctl.yaml")));
        Assert.True(Directory.Exists(Path.Combine(tree, "etc/falco/rules.d")));
        Assert.True(Directory.Exists(Path.Combine(tree, "var/lib/falcoctl/plugins")));

        // Offline, the archive, its signature and the key come from the cache, and are verified again.
        var (offline, offlineOut, offlineErr) = await BakeAsync(nginx, files, Path.Combine(_work, "offline"), "--offline", "--json");
        Assert.True(offline == 0, offlineErr);
        Assert.Contains($"openpgp {ReleaseSigningKey.Fingerprint}", offlineOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_archive_changed_after_signing_is_refused_naming_archive_signature_and_key()
    {
        await using var nginx = await NginxServer.StartAsync();
        var files = new ReleaseFiles(nginx.Root, Scratch());
        var url = FalcoUpstream.ArchiveUrl(Version);
        var archive = files.PutArchive(url, FalcoUpstream.Entries(Version));
        files.PutSignature(url);
        files.PutSigningKey(FalcoUpstream.KeyUrl);
        var tampered = archive.ToArray();
        tampered[^100] ^= 0x55;
        files.Put(url, tampered);

        var (code, _, stderr) = await BakeAsync(nginx, files, Output);

        Assert.Equal(1, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("flix: error:", StringComparison.Ordinal));
        Assert.Contains(url, line, StringComparison.Ordinal);
        Assert.Contains(url + ".asc", line, StringComparison.Ordinal);
        Assert.Contains(ReleaseSigningKey.Fingerprint, line, StringComparison.Ordinal);
        Assert.Contains("does not match", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Output) && Directory.EnumerateFileSystemEntries(Output).Any());
    }

    [Fact]
    public async Task A_signature_by_another_key_is_refused_naming_that_key()
    {
        using var home = new GpgHome();
        var stranger = await home.GenerateKeyAsync("Flix Test Stranger <stranger@flix.invalid>");
        await using var nginx = await NginxServer.StartAsync();
        var files = new ReleaseFiles(nginx.Root, Scratch());
        var url = FalcoUpstream.ArchiveUrl(Version);
        var archive = files.PutArchive(url, FalcoUpstream.Entries(Version));
        files.Put(url + ".asc", await home.SignAsync(archive, stranger));
        files.PutSigningKey(FalcoUpstream.KeyUrl);

        var (code, _, stderr) = await BakeAsync(nginx, files, Output);

        Assert.Equal(1, code);
        Assert.Contains(stranger, stderr, StringComparison.Ordinal);
        Assert.Contains($"which {FalcoUpstream.KeyUrl} does not hold", stderr, StringComparison.Ordinal);
        Assert.Contains(url + ".asc", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Output) && Directory.EnumerateFileSystemEntries(Output).Any());
    }

    [Fact]
    public async Task A_key_url_that_serves_no_key_is_refused_naming_it()
    {
        await using var nginx = await NginxServer.StartAsync();
        var files = new ReleaseFiles(nginx.Root, Scratch());
        var url = FalcoUpstream.ArchiveUrl(Version);
        files.PutArchive(url, FalcoUpstream.Entries(Version));
        files.PutSignature(url);
        files.Put(FalcoUpstream.KeyUrl, "<html><body>Moved</body></html>\n");

        var (code, _, stderr) = await BakeAsync(nginx, files, Output);

        Assert.Equal(1, code);
        Assert.Contains(FalcoUpstream.KeyUrl, stderr, StringComparison.Ordinal);
        Assert.Contains("not an OpenPGP public key", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Output) && Directory.EnumerateFileSystemEntries(Output).Any());
    }

    public void Dispose() => TreeRemover.Delete(_work);

    private string Output => Path.Combine(_work, "out");

    private string Scratch() => Directory.CreateDirectory(Path.Combine(_work, "archives")).FullName;

    private async Task<(int Code, string Stdout, string Stderr)> BakeAsync(NginxServer nginx, ReleaseFiles files, string output, params string[] extra)
    {
        var environment = new Dictionary<string, string> { ["XDG_CACHE_HOME"] = Path.Combine(_work, "cache"), ["HOME"] = _work };
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var mirrors = files.Origins.SelectMany(origin => new[] { "--mirror", $"{origin}={nginx.BaseUrl}/{new Uri(origin).Host}" });
        var code = await Flix.Cli.Program.RunAsync(
            ["bake", "falco", Version, "--arch", "x86-64", "--output", output, .. mirrors, .. extra], stdout, stderr, name => environment.GetValueOrDefault(name));
        return (code, stdout.ToString(), stderr.ToString());
    }
}
