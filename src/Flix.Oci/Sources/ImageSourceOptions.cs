namespace Flix.Oci.Sources;

/// <summary>How image sources fetch: cache, transport security, credentials, parallelism.</summary>
public sealed record ImageSourceOptions
{
    /// <summary>The cache folder; blobs go under <c>blobs/ALGORITHM/HEX</c>. Default: <see cref="DefaultCacheDirectory"/>.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Keep nothing: blobs go to a private temporary folder removed when the source is disposed.</summary>
    public bool NoCache { get; init; }

    /// <summary>Allow plain HTTP to registries that are not on loopback.</summary>
    public bool Insecure { get; init; }

    /// <summary>Credentials for the image's registry; they take precedence over auth files.</summary>
    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>An auth file (docker config.json or containers auth.json format) read before all others.</summary>
    public string? AuthFile { get; init; }

    /// <summary>How long a <c>docker-credential-*</c> helper may take before it is stopped and counts as having nothing.</summary>
    public TimeSpan CredentialHelperTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How many layers download at once.</summary>
    public int MaxConcurrentDownloads { get; init; } = 3;

    /// <summary>How many times a request is tried in all, on 5xx, 429 and broken connections.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The first retry delay; it doubles with each retry.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between tries, whatever <c>Retry-After</c> asks for.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a response body may send nothing before the transfer counts as cut (and is resumed or retried).</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The HTTP handler to send requests through; default a <see cref="SocketsHttpHandler"/> honouring proxy variables.</summary>
    public HttpMessageHandler? HttpMessageHandler { get; init; }

    /// <summary>The environment to read HOME, XDG and auth variables from; default the process environment. For tests.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary><c>$XDG_CACHE_HOME/flix</c>, else <c>~/.cache/flix</c>, from the process environment.</summary>
    public static string DefaultCacheDirectory => new ImageSourceOptions().ResolveCacheDirectory();

    /// <summary>The cache folder these options name: <see cref="CacheDirectory"/>, else the XDG default from <see cref="Environment"/>.</summary>
    public string ResolveCacheDirectory()
    {
        if (!string.IsNullOrEmpty(CacheDirectory))
        {
            return CacheDirectory;
        }

        var xdg = GetEnvironmentVariable("XDG_CACHE_HOME");
        if (!string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg))
        {
            return Path.Combine(xdg, "flix");
        }

        var home = GetEnvironmentVariable("HOME");
        if (string.IsNullOrEmpty(home))
        {
            home = System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile);
        }

        return Path.Combine(home, ".cache", "flix");
    }

    /// <summary>
    /// The variables image sources read (home, XDG folders, Docker and Podman auth files), taken from
    /// <paramref name="lookup"/> for <see cref="Environment"/>; unset and empty ones are left out.
    /// </summary>
    public static Dictionary<string, string> EnvironmentFrom(Func<string, string?> lookup)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in (string[])["HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_RUNTIME_DIR", "DOCKER_CONFIG", "REGISTRY_AUTH_FILE"])
        {
            if (lookup(name) is { Length: > 0 } value)
            {
                variables[name] = value;
            }
        }

        return variables;
    }

    internal string? GetEnvironmentVariable(string name) =>
        Environment is null ? System.Environment.GetEnvironmentVariable(name) : Environment.GetValueOrDefault(name);
}
