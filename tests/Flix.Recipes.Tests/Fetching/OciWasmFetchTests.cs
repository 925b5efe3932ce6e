using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Flix.Fetch;
using Flix.Recipes.Fetching;
using Flix.TestSupport.Files;
using Flix.TestSupport.Oci;

namespace Flix.Recipes.Tests.Fetching;

/// <summary>
/// oci:// for Wasm modules against a real registry (Debian's docker-registry on 127.0.0.1): each of the three layouts
/// Wasm tools push (wasm-to-oci, the Wasm image spec, the CNCF Wasm artifact) is fetched by tag and by digest and
/// verified; a wrong media type, a config that does not go with the layer and a blob that does not match its digest
/// are one-line errors naming the artifact.
/// </summary>
public sealed class OciWasmFetchTests : IDisposable
{
    /// <summary>The smallest valid Wasm module (magic and version) and a custom section, so each test's bytes differ.</summary>
    private static readonly byte[] ModuleHeader = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00];

    private readonly TempDirectory _work = TempDirectory.Create("oci-wasm");

    public static TheoryData<string, string> WasmLayouts => new()
    {
        // wasm-to-oci (and WebAssembly Hub before it).
        { "application/vnd.wasm.config.v1+json", "application/vnd.module.wasm.content.layer.v1+wasm" },
        // The Wasm OCI image spec (solo-io) and the older oci-distribution crate.
        { "application/vnd.wasm.config.v1+json", "application/vnd.wasm.content.layer.v1+wasm" },
        // The CNCF Wasm OCI artifact (oci-wasm, wkg).
        { "application/vnd.wasm.config.v0+json", "application/wasm" },
    };

    [Theory]
    [MemberData(nameof(WasmLayouts))]
    public async Task A_wasm_module_is_fetched_by_tag_and_by_digest_and_verified(string configType, string layerType)
    {
        await using var registry = await LocalRegistry.StartAsync();
        var module = Module(layerType);
        var (manifest, _) = await PushAsync(registry, "wasm/hello", "1.0", configType, [(layerType, module, "hello.wasm")]);
        using var session = Session();

        var byTag = await session.FetchAsync($"oci://{registry.Host}/wasm/hello:1.0", null, null, CancellationToken.None);
        var byDigest = await session.FetchAsync($"oci://{registry.Host}/wasm/hello@{manifest}", Digest.Compute(module), null, CancellationToken.None);

        Assert.Equal(module, await File.ReadAllBytesAsync(byTag.Path));
        Assert.Equal(Digest.Compute(module), byTag.Digest);
        Assert.Equal("registry digest", byTag.Verification);
        Assert.Equal("hello.wasm", byTag.FileName);
        Assert.Equal(module, await File.ReadAllBytesAsync(byDigest.Path));
        Assert.Equal("sha256", byDigest.Verification);
    }

    [Fact]
    public async Task A_layer_of_another_media_type_is_a_clear_error()
    {
        await using var registry = await LocalRegistry.StartAsync();
        await PushAsync(registry, "wasm/tar", "1.0", "application/vnd.oci.image.config.v1+json", [("application/vnd.oci.image.layer.v1.tar", Module("tar"), "x")]);
        using var session = Session();

        var error = await Assert.ThrowsAsync<FetchException>(() => session.FetchAsync($"oci://{registry.Host}/wasm/tar:1.0", null, null, CancellationToken.None));

        Assert.Contains($"oci://{registry.Host}/wasm/tar:1.0", error.Message, StringComparison.Ordinal);
        Assert.Contains("application/vnd.oci.image.layer.v1.tar", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task An_application_wasm_layer_under_a_foreign_config_is_refused()
    {
        await using var registry = await LocalRegistry.StartAsync();
        await PushAsync(registry, "wasm/odd", "1.0", "application/vnd.oci.image.config.v1+json", [("application/wasm", Module("odd"), "odd.wasm")]);
        using var session = Session();

        var error = await Assert.ThrowsAsync<FetchException>(() => session.FetchAsync($"oci://{registry.Host}/wasm/odd:1.0", null, null, CancellationToken.None));

        Assert.Contains("application/vnd.oci.image.config.v1+json", error.Message, StringComparison.Ordinal);
        Assert.Contains("application/vnd.wasm.config.v0+json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_wasm_layers_need_a_media_type_and_the_named_one_is_taken()
    {
        await using var registry = await LocalRegistry.StartAsync();
        var first = Module("first");
        var second = Module("second");
        await PushAsync(registry, "wasm/two", "1.0", "application/vnd.wasm.config.v1+json",
            [("application/vnd.wasm.content.layer.v1+wasm", first, "a.wasm"), ("application/vnd.module.wasm.content.layer.v1+wasm", second, "b.wasm")]);
        using var session = Session();
        var url = $"oci://{registry.Host}/wasm/two:1.0";

        var error = await Assert.ThrowsAsync<FetchException>(() => session.FetchAsync(url, null, null, CancellationToken.None));
        var picked = await session.FetchAsync(url, null, "application/vnd.module.wasm.content.layer.v1+wasm", CancellationToken.None);

        Assert.Contains("media_type", error.Message, StringComparison.Ordinal);
        Assert.Equal(second, await File.ReadAllBytesAsync(picked.Path));
    }

    [Fact]
    public async Task A_blob_that_does_not_match_its_digest_is_refused_and_not_cached()
    {
        await using var registry = await LocalRegistry.StartAsync();
        var module = Module("tampered");
        await PushAsync(registry, "wasm/bad", "1.0", "application/vnd.wasm.config.v0+json", [("application/wasm", module, "bad.wasm")]);
        var digest = Digest.Compute(module).ToString();
        var tampered = module.ToArray();
        tampered[^1] ^= 0x55;
        await File.WriteAllBytesAsync(registry.BlobStoragePath(digest), tampered);
        using var session = Session();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => session.FetchAsync($"oci://{registry.Host}/wasm/bad:1.0", null, null, CancellationToken.None));

        Assert.True(error is InvalidDataException or FetchException, error.ToString());
        Assert.Contains(digest, error.Message, StringComparison.Ordinal);
        Assert.Contains(Digest.Compute(tampered).ToString(), error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.False(File.Exists(_work.Combine("cache", "blobs", "sha256", Digest.Compute(module).Hex)));
    }

    [Fact]
    public async Task A_pinned_digest_that_is_not_the_modules_is_refused()
    {
        await using var registry = await LocalRegistry.StartAsync();
        var module = Module("pinned");
        await PushAsync(registry, "wasm/pin", "1.0", "application/vnd.wasm.config.v0+json", [("application/wasm", module, "pin.wasm")]);
        using var session = Session();
        var wrong = Digest.Compute("another module"u8.ToArray());

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => session.FetchAsync($"oci://{registry.Host}/wasm/pin:1.0", wrong, null, CancellationToken.None));

        Assert.Contains(wrong.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains(Digest.Compute(module).ToString(), error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _work.Dispose();

    private static byte[] Module(string name)
    {
        // A custom section (id 0): length, name length, name.
        var label = Encoding.ASCII.GetBytes(name);
        return [.. ModuleHeader, 0x00, (byte)(label.Length + 1), (byte)label.Length, .. label];
    }

    private FetchSession Session() => new(new FetchSessionOptions
    {
        CacheDirectory = _work.Combine("cache"),
        Environment = name => name == "HOME" ? _work.Path : null,
        Retry = new Flix.Fetch.Http.RetryPolicy { MaxAttempts = 1 },
    });

    /// <summary>Writes an OCI layout of one artifact manifest (the config, then the layers) and uploads it; returns the manifest's digest.</summary>
    private async Task<(string Manifest, string Reference)> PushAsync(
        LocalRegistry registry, string repository, string tag, string configType, IReadOnlyList<(string MediaType, byte[] Content, string Title)> layers)
    {
        var layout = _work.Combine("layout-" + repository.Replace('/', '-'));
        Directory.CreateDirectory(Path.Combine(layout, "blobs", "sha256"));
        var config = configType.StartsWith("application/vnd.wasm.config", StringComparison.Ordinal)
            ? """{"architecture":"wasm","os":"wasip1","layerDigests":[]}"""u8.ToArray()
            : """{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}"""u8.ToArray();
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
            ["config"] = Descriptor(layout, configType, config, null),
            ["layers"] = new JsonArray([.. layers.Select(l => (JsonNode)Descriptor(layout, l.MediaType, l.Content, l.Title))]),
        };
        var manifestBytes = Encoding.UTF8.GetBytes(manifest.ToJsonString());
        var manifestDescriptor = Descriptor(layout, "application/vnd.oci.image.manifest.v1+json", manifestBytes, null);
        manifestDescriptor["annotations"] = new JsonObject { [OciLayoutBuilder.RefNameAnnotation] = tag };
        var index = new JsonObject { ["schemaVersion"] = 2, ["manifests"] = new JsonArray(manifestDescriptor) };
        await File.WriteAllTextAsync(Path.Combine(layout, "index.json"), index.ToJsonString());
        await File.WriteAllTextAsync(Path.Combine(layout, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""");
        var reference = await registry.UploadAsync(layout, tag, repository, tag);
        return ((string)manifestDescriptor["digest"]!, reference);
    }

    private static JsonObject Descriptor(string layout, string mediaType, byte[] content, string? title)
    {
        var hex = Convert.ToHexStringLower(SHA256.HashData(content));
        File.WriteAllBytes(Path.Combine(layout, "blobs", "sha256", hex), content);
        var descriptor = new JsonObject { ["mediaType"] = mediaType, ["digest"] = "sha256:" + hex, ["size"] = content.Length };
        if (title is not null)
        {
            descriptor["annotations"] = new JsonObject { ["org.opencontainers.image.title"] = title };
        }

        return descriptor;
    }
}
