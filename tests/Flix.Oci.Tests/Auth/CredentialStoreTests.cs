using System.Text;
using Flix.Oci.Auth;
using Flix.Oci.Sources;

namespace Flix.Oci.Tests.Auth;

public sealed class CredentialStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("flix-creds-").FullName;

    [Theory]
    [InlineData("https://index.docker.io/v1/", "docker.io")] // Docker's own key for Docker Hub
    [InlineData("docker.io", "docker.io")] // Podman's key for Docker Hub
    [InlineData("registry-1.docker.io", "docker.io")]
    [InlineData("http://localhost:5000", "localhost:5000")]
    [InlineData("https://quay.io/v2/", "quay.io")]
    [InlineData("quay.io/team", "quay.io/team")] // a namespaced key, as containers/image allows
    public void Keys_normalise(string key, string expected) =>
        Assert.Equal(expected, CredentialStore.NormalizeKey(key));

    [Fact]
    public async Task Docker_hub_auth_is_found_under_the_v1_key()
    {
        var file = Write("config.json", $$$$"""{"auths":{"https://index.docker.io/v1/":{"auth":"{{{{Base64("hub:pw")}}}}"}}}""");
        var found = await Store().FindInFileAsync(file, "docker.io", "library/alpine");
        Assert.Equal(("hub", "pw"), (found!.Username, found.Password));
    }

    [Fact]
    public async Task Longest_namespaced_key_wins_and_other_registries_get_nothing()
    {
        var file = Write("auth.json", $$$"""
            {"auths":{
              "quay.io":{"auth":"{{{Base64("all:1")}}}"},
              "quay.io/team":{"auth":"{{{Base64("team:2")}}}"},
              "quay.io/team/app":{"auth":"{{{Base64("app:3")}}}"}
            }}
            """);
        Assert.Equal("app", (await Store().FindInFileAsync(file, "quay.io", "team/app"))!.Username);
        Assert.Equal("team", (await Store().FindInFileAsync(file, "quay.io", "team/other"))!.Username);
        Assert.Equal("all", (await Store().FindInFileAsync(file, "quay.io", "teamx/app"))!.Username);
        Assert.Null(await Store().FindInFileAsync(file, "ghcr.io", "team/app"));
    }

    [Fact]
    public async Task Password_may_hold_colons()
    {
        var file = Write("config.json", $$$$"""{"auths":{"r.example":{"auth":"{{{{Base64("u:a:b:c")}}}}"}}}""");
        Assert.Equal("a:b:c", (await Store().FindInFileAsync(file, "r.example", "x"))!.Password);
    }

    [Theory]
    [InlineData("""{"auths":{"r.example":{"auth":"%%%"}}}""")] // not base64
    [InlineData("""{"auths":{"r.example":{"auth":"bm9jb2xvbg=="}}}""")] // "nocolon"
    [InlineData("""{"auths": """)] // truncated JSON
    public async Task Malformed_files_name_themselves(string content)
    {
        var file = Write("bad.json", content);
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => Store().FindInFileAsync(file, "r.example", "x"));
        Assert.Contains(file, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Auth_files_are_read_in_podman_then_docker_order()
    {
        var store = new CredentialStore(new ImageSourceOptions
        {
            AuthFile = "/opt/a.json",
            Environment = new Dictionary<string, string>
            {
                ["REGISTRY_AUTH_FILE"] = "/opt/b.json",
                ["XDG_RUNTIME_DIR"] = "/run/user/7",
                ["HOME"] = "/home/u",
            },
        });
        Assert.Equal(
            ["/opt/a.json", "/opt/b.json", "/run/user/7/containers/auth.json", "/home/u/.config/containers/auth.json", "/home/u/.docker/config.json"],
            store.AuthFiles);
    }

    [Fact]
    public async Task Podman_auth_file_in_the_runtime_dir_is_found_first()
    {
        var runtime = Path.Combine(_directory, "run");
        Directory.CreateDirectory(Path.Combine(runtime, "containers"));
        await File.WriteAllTextAsync(Path.Combine(runtime, "containers", "auth.json"), $$$$"""{"auths":{"docker.io":{"auth":"{{{{Base64("podman:p")}}}}"}}}""");
        var home = Path.Combine(_directory, "home");
        Directory.CreateDirectory(Path.Combine(home, ".docker"));
        await File.WriteAllTextAsync(Path.Combine(home, ".docker", "config.json"), $$$$"""{"auths":{"https://index.docker.io/v1/":{"auth":"{{{{Base64("docker:d")}}}}"}}}""");
        var store = new CredentialStore(new ImageSourceOptions { Environment = new Dictionary<string, string> { ["XDG_RUNTIME_DIR"] = runtime, ["HOME"] = home } });
        Assert.Equal("podman", (await store.FindAsync("docker.io", "library/debian"))!.Username);
    }

    [Fact]
    public async Task Options_credentials_win_over_files()
    {
        var store = new CredentialStore(new ImageSourceOptions { Username = "cli", Password = "x", Environment = new Dictionary<string, string>() });
        Assert.Equal("cli", (await store.FindAsync("docker.io", "library/debian"))!.Username);
    }

    [Fact]
    public async Task Creds_store_helper_that_fails_or_is_missing_gives_no_credential()
    {
        var bin = Path.Combine(_directory, "bin");
        Directory.CreateDirectory(bin);
        var helper = Path.Combine(bin, "docker-credential-broken");
        await File.WriteAllTextAsync(helper, "#!/bin/sh\necho 'credentials not found in native keychain'\nexit 1\n");
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(helper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var env = new Dictionary<string, string> { ["PATH"] = bin };
        var broken = Write("broken.json", """{"credsStore":"broken"}""");
        var missing = Write("missing.json", """{"credsStore":"absent"}""");
        var store = new CredentialStore(new ImageSourceOptions { Environment = env });
        Assert.Null(await store.FindInFileAsync(broken, "docker.io", "library/debian"));
        Assert.Null(await store.FindInFileAsync(missing, "docker.io", "library/debian"));
    }

    [Fact]
    public async Task Helper_that_hangs_is_stopped_and_gives_nothing()
    {
        var bin = Path.Combine(_directory, "bin3");
        Directory.CreateDirectory(bin);
        var helper = Path.Combine(bin, "docker-credential-hang");
        await File.WriteAllTextAsync(helper, "#!/bin/sh\nexec sleep 30\n");
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(helper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var file = Write("hang.json", """{"credsStore":"hang"}""");
        var store = new CredentialStore(new ImageSourceOptions
        {
            CredentialHelperTimeout = TimeSpan.FromMilliseconds(300),
            Environment = new Dictionary<string, string> { ["PATH"] = bin },
        });
        var started = DateTime.UtcNow;
        Assert.Null(await store.FindInFileAsync(file, "docker.io", "library/debian"));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Helper_is_asked_with_the_docker_hub_key()
    {
        var bin = Path.Combine(_directory, "bin2");
        Directory.CreateDirectory(bin);
        var helper = Path.Combine(bin, "docker-credential-test");
        await File.WriteAllTextAsync(helper, """
            #!/bin/sh
            read server
            printf '{"ServerURL":"%s","Username":"%s","Secret":"pw"}' "$server" "$server"
            """);
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(helper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var file = Write("helper.json", """{"credsStore":"test"}""");
        var store = new CredentialStore(new ImageSourceOptions { Environment = new Dictionary<string, string> { ["PATH"] = bin } });
        var found = await store.FindInFileAsync(file, "docker.io", "library/debian");
        Assert.Equal((CredentialStore.DockerHubKey, "pw", "docker-credential-test"), (found!.Username, found.Password, found.Origin));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static CredentialStore Store() => new(new ImageSourceOptions { Environment = new Dictionary<string, string>() });

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
