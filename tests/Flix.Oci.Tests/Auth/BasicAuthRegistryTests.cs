using System.Text;
using Flix.Oci.Manifests;
using Flix.Oci.Registry;
using Flix.Oci.Sources;
using Flix.Oci.Tests.Fixtures;
using Flix.Oci.Tests.Registry;
using Flix.TestSupport.Files;

namespace Flix.Oci.Tests.Auth;

/// <summary>A real registry behind htpasswd (bcrypt) basic auth; credentials come from options, an auth file or a helper.</summary>
[Collection(SampleRegistryCollection.Name)]
public sealed class BasicAuthRegistryTests(BasicAuthRegistry fixture) : IClassFixture<BasicAuthRegistry>, IDisposable
{
    private const string User = BasicAuthRegistry.User;
    private const string Password = BasicAuthRegistry.Password;
    private static readonly Platform Amd64 = Platform.Parse("linux/amd64");

    private readonly TempDirectory _scratch = new("flix-auth-");

    private string Host => fixture.Registry.Host;

    [Fact]
    public async Task Credentials_from_options()
    {
        using var source = ImageSources.Create($"{Host}/private/app:v1", TestOptions.Create() with { Username = User, Password = Password });
        var image = await source.ResolveAsync(Amd64);
        await source.FetchBlobAsync(image.Layers[0]);
    }

    [Fact]
    public async Task Without_credentials_the_error_says_none_were_found()
    {
        using var source = ImageSources.Create($"{Host}/private/app:v1", TestOptions.Create());
        var e = await Assert.ThrowsAsync<RegistryAuthenticationException>(() => source.ResolveAsync(Amd64));
        Assert.Equal(Host, e.Registry);
        Assert.Contains("none were found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_password_is_refused_naming_the_user()
    {
        using var source = ImageSources.Create($"{Host}/private/app:v1", TestOptions.Create() with { Username = User, Password = "nope" });
        var e = await Assert.ThrowsAsync<RegistryAuthenticationException>(() => source.ResolveAsync(Amd64));
        Assert.Contains(User, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_from_a_docker_config_in_home()
    {
        var home = _scratch.Combine("home");
        Directory.CreateDirectory(Path.Combine(home, ".docker"));
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}"));
        await File.WriteAllTextAsync(Path.Combine(home, ".docker", "config.json"), $$$$"""{"auths":{"http://{{{{Host}}}}":{"auth":"{{{{auth}}}}"}}}""");
        var options = TestOptions.Create() with { Environment = new Dictionary<string, string> { ["HOME"] = home } };
        using var source = ImageSources.Create($"{Host}/private/app:v1", options);
        await source.ResolveAsync(Amd64);
    }

    [Fact]
    public async Task Credentials_from_a_helper_on_the_path()
    {
        var bin = _scratch.Combine("bin");
        Directory.CreateDirectory(bin);
        var helper = Path.Combine(bin, "docker-credential-test");
        await File.WriteAllTextAsync(helper, $$$"""
            #!/bin/sh
            read server
            [ "$1" = get ] && [ "$server" = "{{{Host}}}" ] || exit 1
            printf '{"ServerURL":"%s","Username":"{{{User}}}","Secret":"{{{Password}}}"}' "$server"
            """);
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(helper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var authFile = _scratch.Combine("auth.json");
        await File.WriteAllTextAsync(authFile, $$$$"""{"credHelpers":{"{{{{Host}}}}":"test"}}""");
        var options = TestOptions.Create() with { AuthFile = authFile, Environment = new Dictionary<string, string> { ["PATH"] = bin } };
        using var source = ImageSources.Create($"{Host}/private/app:v1", options);
        await source.ResolveAsync(Amd64);
    }

    public void Dispose() => _scratch.Dispose();
}
