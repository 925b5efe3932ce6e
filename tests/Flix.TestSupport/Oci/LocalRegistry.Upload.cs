using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Flix.TestSupport.Oci;

public sealed partial class LocalRegistry
{
    /// <summary>
    /// Pushes a tagged manifest or index of an OCI layout, with every blob and child manifest it names, through
    /// the registry's HTTP API (monolithic uploads), byte for byte and whatever the media types: this is how
    /// Docker-typed layouts (which skopeo's <c>oci:</c> transport does not read) and hostile documents get in.
    /// Returns <c>HOST/REPO:TAG</c>.
    /// </summary>
    public async Task<string> UploadAsync(string layoutDirectory, string layoutTag, string repository, string tag, CancellationToken ct = default)
    {
        using var client = CreateClient();
        using var index = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(layoutDirectory, "index.json"), ct));
        var entry = index.RootElement.GetProperty("manifests").EnumerateArray()
            .FirstOrDefault(m => m.TryGetProperty("annotations", out var a)
                && a.TryGetProperty(OciLayoutBuilder.RefNameAnnotation, out var name) && name.GetString() == layoutTag);
        if (entry.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"The layout '{layoutDirectory}' has no manifest tagged '{layoutTag}'.", nameof(layoutTag));
        }

        await UploadManifestAsync(client, layoutDirectory, repository, entry.GetProperty("digest").GetString()!, entry.GetProperty("mediaType").GetString()!, tag, ct);
        return $"{Host}/{repository}:{tag}";
    }

    /// <summary>An HttpClient for this registry, sending the basic credentials when it has them.</summary>
    public HttpClient CreateClient()
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        if (UserName is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{UserName}:{Password}")));
        }

        return client;
    }

    private async Task UploadManifestAsync(HttpClient client, string layout, string repository, string digest, string mediaType, string reference, CancellationToken ct)
    {
        byte[] document = await File.ReadAllBytesAsync(BlobFile(layout, digest), ct);
        using (var json = JsonDocument.Parse(document))
        {
            var root = json.RootElement;
            if (root.TryGetProperty("manifests", out var children))
            {
                foreach (var child in children.EnumerateArray())
                {
                    string childDigest = child.GetProperty("digest").GetString()!;
                    await UploadManifestAsync(client, layout, repository, childDigest, child.GetProperty("mediaType").GetString()!, childDigest, ct);
                }
            }

            if (root.TryGetProperty("config", out var config))
            {
                await UploadBlobAsync(client, layout, repository, config.GetProperty("digest").GetString()!, ct);
            }

            if (root.TryGetProperty("layers", out var layers))
            {
                foreach (var layer in layers.EnumerateArray())
                {
                    await UploadBlobAsync(client, layout, repository, layer.GetProperty("digest").GetString()!, ct);
                }
            }
        }

        using var content = new ByteArrayContent(document);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var response = await client.PutAsync($"v2/{repository}/manifests/{reference}", content, ct);
        await EnsureAsync(response, $"PUT manifest {digest} as {repository}:{reference}", ct);
    }

    private async Task UploadBlobAsync(HttpClient client, string layout, string repository, string digest, CancellationToken ct)
    {
        using (var head = new HttpRequestMessage(HttpMethod.Head, $"v2/{repository}/blobs/{digest}"))
        using (var exists = await client.SendAsync(head, ct))
        {
            if (exists.StatusCode == HttpStatusCode.OK)
            {
                return;
            }
        }

        using var start = await client.PostAsync($"v2/{repository}/blobs/uploads/", null, ct);
        await EnsureAsync(start, $"POST upload of {digest} to {repository}", ct);
        var location = start.Headers.Location ?? throw new InvalidOperationException($"The registry gave no upload Location for {digest}.");
        string separator = location.OriginalString.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        var target = new Uri(location.OriginalString + separator + "digest=" + Uri.EscapeDataString(digest), UriKind.RelativeOrAbsolute);

        await using var file = File.OpenRead(BlobFile(layout, digest));
        using var content = new StreamContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.ContentLength = file.Length;
        using var response = await client.PutAsync(target, content, ct);
        await EnsureAsync(response, $"PUT blob {digest} to {repository}", ct);
    }

    private static string BlobFile(string layout, string digest)
    {
        if (!digest.StartsWith("sha256:", StringComparison.Ordinal) || digest.Length != 71 || digest.AsSpan(7).ContainsAnyExcept("0123456789abcdef"))
        {
            throw new InvalidDataException($"The layout names the digest '{digest}', not sha256 with 64 lower-case hex digits.");
        }

        return Path.Combine(layout, "blobs", "sha256", digest[7..]);
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            string body = await response.Content.ReadAsStringAsync(ct);
            throw new InvalidOperationException($"{what}: the registry answered {(int)response.StatusCode} {body}");
        }
    }
}
