using System.Net.Sockets;
using Flix.Oci.Daemon;
using Flix.Oci.Rootfs;
using Flix.Oci.Sources;
using Flix.Oci.Tests.Fixtures;
using Flix.TestSupport.Files;
using Flix.TestSupport.Oci;

namespace Flix.Oci.Tests.Sources;

/// <summary>
/// <c>docker-daemon:</c> against a real engine API: <c>podman system service</c> with private storage, loaded with
/// <c>podman load</c> from archives the fixtures build, unpacked and compared with the expected tree.
/// </summary>
public sealed class DockerDaemonSourceTests
{
    [Theory]
    [InlineData(false)] // legacy docker save layout: ID/layer.tar
    [InlineData(true)] // Docker 25+ layout: an OCI layout beside manifest.json
    public async Task An_image_loaded_into_podman_unpacks_as_the_expected_tree(bool ociLayout)
    {
        using var scratch = new TempDirectory();
        string archive = scratch.Combine("image.tar");
        await DockerArchiveBuilder.WriteAsync(archive, SampleLayers.Image(), ["localhost/flix-test:v1"], ociLayout);
        await using var podman = await PodmanService.StartAsync();
        await podman.LoadAsync(archive);
        var exportsBefore = Exports();

        var result = await RootfsBuilder.BuildAsync("docker-daemon:localhost/flix-test:v1", scratch.Combine("rootfs"), Options(scratch, podman.DockerHost));

        string expected = scratch.Combine("expected");
        await SampleLayers.WriteExpectedTreeAsync(expected);
        var differences = await RootfsComparer.CompareAsync(expected, result.Directory);
        Assert.True(differences.Count == 0, RootfsComparer.Format(differences));
        Assert.Equal("docker-daemon", result.Source);
        Assert.Equal("docker-daemon:localhost/flix-test:v1", result.Description);
        Assert.Equal(3, result.Layers.Count);
        Assert.Subset(exportsBefore, Exports()); // the export is removed with the source
    }

    [Fact]
    public async Task An_image_the_engine_lacks_is_not_found_by_name_and_leaves_nothing()
    {
        using var scratch = new TempDirectory();
        await using var podman = await PodmanService.StartAsync();

        var error = await Assert.ThrowsAsync<DockerEngineNotFoundException>(
            () => RootfsBuilder.BuildAsync("docker-daemon:localhost/flix-none:v1", scratch.Combine("rootfs"), Options(scratch, podman.DockerHost)));

        Assert.Contains("localhost/flix-none:v1", error.Message);
        Assert.Equal(podman.SocketPath, error.Socket);
        Assert.All(Directory.EnumerateFileSystemEntries(scratch.Path), p => Assert.Equal("cache", Path.GetFileName(p)));
    }

    [Fact]
    public async Task No_socket_names_the_path_tried_and_suggests_docker_archive()
    {
        using var scratch = new TempDirectory();
        string socket = scratch.Combine("none.sock");

        var error = await Assert.ThrowsAsync<DockerEngineUnavailableException>(
            () => RootfsBuilder.BuildAsync("docker-daemon:alpine:3", scratch.Combine("rootfs"), Options(scratch, "unix://" + socket)));

        Assert.Contains(socket, error.Message);
        Assert.Contains("docker-archive:", error.Message);
        Assert.False(Directory.Exists(scratch.Combine("rootfs")));
    }

    [Fact]
    public void Without_DOCKER_HOST_the_docker_and_podman_sockets_are_tried_in_order()
    {
        using var scratch = new TempDirectory();
        var options = new ImageSourceOptions { CacheDirectory = scratch.Combine("cache"), Environment = new Dictionary<string, string> { ["XDG_RUNTIME_DIR"] = scratch.Path } };
        string[] expected = ["/var/run/docker.sock", scratch.Combine("podman", "podman.sock"), "/run/podman/podman.sock"];
        if (expected.Any(File.Exists))
        {
            Assert.Equal(expected.First(File.Exists), DockerEngineEndpoint.Resolve(options));
            return;
        }

        var error = Assert.Throws<DockerEngineUnavailableException>(() => DockerEngineEndpoint.Resolve(options));

        Assert.Contains(string.Join(", ", expected), error.Message);
        Directory.CreateDirectory(scratch.Combine("podman"));
        File.WriteAllText(expected[1], string.Empty);
        Assert.Equal(expected[1], DockerEngineEndpoint.Resolve(options));
    }

    [Fact]
    public async Task A_socket_nobody_listens_on_is_unavailable()
    {
        using var scratch = new TempDirectory();
        string path = scratch.Combine("dead.sock");
        using (var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            listener.Bind(new UnixDomainSocketEndPoint(path)); // bound, never listening, then closed: connect is refused
        }

        var error = await Assert.ThrowsAsync<DockerEngineUnavailableException>(
            () => RootfsBuilder.BuildAsync("docker-daemon:alpine:3", scratch.Combine("rootfs"), Options(scratch, "unix://" + path)));

        Assert.Contains(path, error.Message);
    }

    [Fact]
    public async Task An_export_cut_short_fails_and_leaves_nothing()
    {
        using var scratch = new TempDirectory();
        string socket = scratch.Combine("engine.sock");
        var exportsBefore = Exports();
        var engine = ServeOnceAsync(socket, "HTTP/1.1 200 OK\r\nContent-Type: application/x-tar\r\nContent-Length: 100000\r\n\r\n" + new string('x', 1000));

        var error = await Assert.ThrowsAsync<DockerEngineUnavailableException>(
            () => RootfsBuilder.BuildAsync("docker-daemon:app:v1", scratch.Combine("rootfs"), Options(scratch, "unix://" + socket)));

        await engine;
        Assert.Contains("broke off", error.Message);
        Assert.Contains("app:v1", error.Message);
        Assert.False(Directory.Exists(scratch.Combine("rootfs")));
        Assert.Subset(exportsBefore, Exports());
    }

    [Fact]
    public async Task An_engine_error_is_reported_with_its_status_and_message()
    {
        using var scratch = new TempDirectory();
        string socket = scratch.Combine("engine.sock");
        const string Body = """{"message":"storage is locked"}""";
        var engine = ServeOnceAsync(socket, $"HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\nContent-Length: {Body.Length}\r\n\r\n{Body}");

        var error = await Assert.ThrowsAsync<DockerEngineProtocolException>(
            () => RootfsBuilder.BuildAsync("docker-daemon:app:v1", scratch.Combine("rootfs"), Options(scratch, "unix://" + socket)));

        await engine;
        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Contains("500", error.Message);
        Assert.Contains("storage is locked", error.Message);
        Assert.Contains("app:v1", error.Message);
    }

    [Theory]
    [InlineData("tcp://127.0.0.1:2375")]
    [InlineData("ssh://user@host")]
    public async Task A_DOCKER_HOST_that_is_not_a_unix_socket_is_not_supported(string host)
    {
        using var scratch = new TempDirectory();

        var error = await Assert.ThrowsAsync<NotSupportedException>(
            () => RootfsBuilder.BuildAsync("docker-daemon:alpine:3", scratch.Combine("rootfs"), Options(scratch, host)));

        Assert.Contains(host, error.Message);
    }

    [Theory]
    [InlineData("")] // no name
    [InlineData("a/../b:1")] // a parent segment
    [InlineData("a b:1")] // a space
    [InlineData("a?x=1")] // a query
    public void A_bad_name_is_a_format_error(string name) =>
        Assert.Throws<FormatException>(() => ImageSources.Create("docker-daemon:" + name, new ImageSourceOptions { NoCache = true }));

    [Theory]
    [InlineData("alpine", "alpine:latest")]
    [InlineData("localhost/flix-test:v1", "localhost/flix-test:v1")]
    [InlineData("localhost:5000/app", "localhost:5000/app:latest")]
    [InlineData("app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("0123456789ab", "0123456789ab")] // a short image id
    public void A_name_without_tag_or_digest_gets_latest(string name, string asked)
    {
        using var source = new DockerDaemonSource(name, new ImageSourceOptions { NoCache = true });

        Assert.Equal(asked, source.Image);
    }

    /// <summary>
    /// A stand-in engine for faults podman cannot be made to show: accepts one connection, checks the request line,
    /// sends <paramref name="response"/> and hangs up.
    /// </summary>
    private static async Task ServeOnceAsync(string socketPath, string response)
    {
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        listener.Listen(1);
        using var connection = await listener.AcceptAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var buffer = new byte[8192];
        var request = new System.Text.StringBuilder();
        while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            int read = await connection.ReceiveAsync(buffer);
            if (read == 0)
            {
                break;
            }

            request.Append(System.Text.Encoding.ASCII.GetString(buffer, 0, read));
        }

        Assert.StartsWith("GET /images/app:v1/get HTTP/1.1", request.ToString(), StringComparison.Ordinal);
        await connection.SendAsync(System.Text.Encoding.ASCII.GetBytes(response));
        connection.Shutdown(SocketShutdown.Both);
    }

    private static HashSet<string> Exports() => [.. Directory.EnumerateDirectories(Path.GetTempPath(), "flix-daemon-*")];

    private static RootfsOptions Options(TempDirectory scratch, string dockerHost) => new()
    {
        Source = new ImageSourceOptions
        {
            CacheDirectory = scratch.Combine("cache"),
            Environment = new Dictionary<string, string> { ["DOCKER_HOST"] = dockerHost },
        },
    };
}
