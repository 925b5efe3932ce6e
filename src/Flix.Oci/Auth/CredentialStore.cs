using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Flix.Oci.Sources;

namespace Flix.Oci.Auth;

/// <summary>
/// Finds credentials for a registry the way Podman and Docker do. Order: the options' user name and password, the
/// options' auth file, <c>$REGISTRY_AUTH_FILE</c>, <c>$XDG_RUNTIME_DIR/containers/auth.json</c>,
/// <c>$XDG_CONFIG_HOME/containers/auth.json</c> (else <c>~/.config/…</c>), <c>$DOCKER_CONFIG/config.json</c> (else
/// <c>~/.docker/config.json</c>). In each file a <c>credHelpers</c> entry wins over <c>auths</c>, then
/// <c>credsStore</c> is asked. A helper that is missing, fails or has nothing gives no credential, never an error.
/// </summary>
public sealed class CredentialStore
{
    /// <summary>The key Docker uses for Docker Hub in config files and credential helpers.</summary>
    public const string DockerHubKey = "https://index.docker.io/v1/";

    private const int MaxFileSize = 1024 * 1024;

    private readonly ImageSourceOptions _options;

    public CredentialStore(ImageSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>The auth files to read, in order; those that don't exist are skipped when reading.</summary>
    public IReadOnlyList<string> AuthFiles
    {
        get
        {
            var files = new List<string>();
            void Add(string? path)
            {
                if (!string.IsNullOrEmpty(path) && !files.Contains(path))
                {
                    files.Add(path);
                }
            }

            Add(_options.AuthFile);
            Add(_options.GetEnvironmentVariable("REGISTRY_AUTH_FILE"));
            var runtime = _options.GetEnvironmentVariable("XDG_RUNTIME_DIR");
            if (!string.IsNullOrEmpty(runtime))
            {
                Add(Path.Combine(runtime, "containers", "auth.json"));
            }

            var home = _options.GetEnvironmentVariable("HOME");
            var config = _options.GetEnvironmentVariable("XDG_CONFIG_HOME");
            if (string.IsNullOrEmpty(config) && !string.IsNullOrEmpty(home))
            {
                config = Path.Combine(home, ".config");
            }

            if (!string.IsNullOrEmpty(config))
            {
                Add(Path.Combine(config, "containers", "auth.json"));
            }

            var docker = _options.GetEnvironmentVariable("DOCKER_CONFIG");
            if (!string.IsNullOrEmpty(docker))
            {
                Add(Path.Combine(docker, "config.json"));
            }
            else if (!string.IsNullOrEmpty(home))
            {
                Add(Path.Combine(home, ".docker", "config.json"));
            }

            return files;
        }
    }

    /// <summary>The credential for <paramref name="registry"/> (as named in references, e.g. <c>docker.io</c>) and <paramref name="repository"/>, or null.</summary>
    public async Task<RegistryCredential?> FindAsync(string registry, string repository, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(registry);
        if (!string.IsNullOrEmpty(_options.Username))
        {
            return new RegistryCredential(_options.Username, _options.Password ?? string.Empty, "the command line");
        }

        foreach (var file in AuthFiles)
        {
            var found = await FindInFileAsync(file, registry, repository, ct).ConfigureAwait(false);
            if (found is not null)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>Looks in one auth file; throws <see cref="InvalidDataException"/> naming the file when it is not valid JSON.</summary>
    public async Task<RegistryCredential?> FindInFileAsync(string file, string registry, string repository, CancellationToken ct = default)
    {
        var info = new FileInfo(file);
        if (!info.Exists)
        {
            return null;
        }

        if (info.Length > MaxFileSize)
        {
            throw new InvalidDataException($"The auth file {file} is over {MaxFileSize} bytes.");
        }

        JsonDocument document;
        try
        {
            var bytes = await File.ReadAllBytesAsync(file, ct).ConfigureAwait(false);
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The auth file {file} is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"The auth file {file} is not a JSON object.");
            }

            if (root.TryGetProperty("credHelpers", out var helpers) && helpers.ValueKind == JsonValueKind.Object
                && BestKey(helpers, registry, repository) is { } helperKey
                && helpers.GetProperty(helperKey) is { ValueKind: JsonValueKind.String } helperName
                && helperName.GetString() is { Length: > 0 } helper)
            {
                return await RunHelperAsync(helper, registry, ct).ConfigureAwait(false);
            }

            if (root.TryGetProperty("auths", out var auths) && auths.ValueKind == JsonValueKind.Object
                && BestKey(auths, registry, repository) is { } authKey)
            {
                var entry = auths.GetProperty(authKey);
                if (entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("identitytoken", out var identity) && identity.ValueKind == JsonValueKind.String && identity.GetString() is { Length: > 0 } token)
                {
                    return new RegistryCredential(RegistryCredential.IdentityTokenUser, token, $"{file} ({authKey})");
                }

                if (entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("auth", out var auth) && auth.ValueKind == JsonValueKind.String && auth.GetString() is { Length: > 0 } encoded)
                {
                    return DecodeAuth(encoded, $"{file} ({authKey})");
                }
            }

            if (root.TryGetProperty("credsStore", out var store) && store.ValueKind == JsonValueKind.String && store.GetString() is { Length: > 0 } storeName)
            {
                return await RunHelperAsync(storeName, registry, ct).ConfigureAwait(false);
            }
        }

        return null;
    }

    /// <summary>Asks <c>docker-credential-HELPER get</c> for <paramref name="registry"/>; null when it is missing, fails or has nothing.</summary>
    public async Task<RegistryCredential?> RunHelperAsync(string helper, string registry, CancellationToken ct = default)
    {
        if (!helper.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            return null;
        }

        var program = FindOnPath("docker-credential-" + helper);
        if (program is null)
        {
            return null;
        }

        var start = new ProcessStartInfo(program, ["get"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.CredentialHelperTimeout);
        try
        {
            await process.StandardInput.WriteAsync(registry == References.ImageReference.DockerHub ? DockerHubKey : registry).ConfigureAwait(false);
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            var text = await output.ConfigureAwait(false);
            _ = await error.ConfigureAwait(false);
            if (process.ExitCode != 0 || text.Length > MaxFileSize)
            {
                return null;
            }

            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var username = root.TryGetProperty("Username", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
            var secret = root.TryGetProperty("Secret", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            return string.IsNullOrEmpty(username) || secret is null ? null : new RegistryCredential(username, secret, $"docker-credential-{helper}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            return null;
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return null;
        }
    }

    /// <summary>Decodes a base64 <c>user:password</c>; throws <see cref="InvalidDataException"/> naming the origin when malformed.</summary>
    public static RegistryCredential DecodeAuth(string encoded, string origin)
    {
        string text;
        try
        {
            text = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"The 'auth' entry of {origin} is not base64.", e);
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw new InvalidDataException($"The 'auth' entry of {origin} is not user:password.");
        }

        return new RegistryCredential(text[..colon], text[(colon + 1)..], origin);
    }

    /// <summary>Reduces a config key (<c>https://index.docker.io/v1/</c>, <c>http://host:5000</c>, <c>host/ns</c>) to the form references use.</summary>
    public static string NormalizeKey(string key)
    {
        var k = key.Trim();
        if (k.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            k = k[8..];
        }
        else if (k.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            k = k[7..];
        }

        k = k.TrimEnd('/');
        foreach (var suffix in (string[])["/v1", "/v2"])
        {
            if (k.EndsWith(suffix, StringComparison.Ordinal))
            {
                k = k[..^suffix.Length];
            }
        }

        var slash = k.IndexOf('/', StringComparison.Ordinal);
        var host = slash < 0 ? k : k[..slash];
        var path = slash < 0 ? string.Empty : k[slash..];
        host = host.ToLowerInvariant() is "index.docker.io" or "registry-1.docker.io" or "docker.io" ? References.ImageReference.DockerHub : host;
        return host + path;
    }

    private static string? BestKey(JsonElement map, string registry, string repository)
    {
        var full = registry + "/" + repository;
        string? best = null;
        var bestLength = -1;
        foreach (var property in map.EnumerateObject())
        {
            var key = NormalizeKey(property.Name);
            var matches = key == registry || (key.Length > registry.Length && (full == key || full.StartsWith(key + "/", StringComparison.Ordinal)));
            if (matches && key.Length > bestLength)
            {
                best = property.Name;
                bestLength = key.Length;
            }
        }

        return best;
    }

    private string? FindOnPath(string name)
    {
        var path = _options.GetEnvironmentVariable("PATH");
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        foreach (var folder in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
