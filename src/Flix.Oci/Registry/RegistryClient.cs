using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Flix.Fetch;
using Flix.Fetch.Http;
using Flix.Oci.Auth;
using Flix.Oci.Manifests;
using Flix.Oci.References;
using Flix.Oci.Sources;

namespace Flix.Oci.Registry;

/// <summary>
/// Talks the distribution API to one repository: ping, bearer and basic authentication, manifests, blobs with
/// retries, redirects (credentials never leave the registry's origin) and resumed downloads.
/// </summary>
public sealed class RegistryClient : IDisposable
{
    private const int MaxRedirects = 5;
    private const int MaxTokenResponse = 1024 * 1024;
    private const int MaxErrorBody = 4096;

    private static readonly string ManifestAccept = string.Join(", ", OciMediaTypes.ImageIndex, OciMediaTypes.ImageManifest, OciMediaTypes.DockerManifestList, OciMediaTypes.DockerManifest);

    private readonly HttpClient _http;
    private readonly ImageSourceOptions _options;
    private readonly CredentialStore _credentials;
    private readonly RetryPolicy _retry;
    private readonly SemaphoreSlim _authLock = new(1, 1);
    private AuthChallenge? _pingChallenge;
    private bool _pinged;
    private string? _authorization;
    private RegistryCredential? _credential;
    private bool _credentialLooked;

    public RegistryClient(ImageReference reference, ImageSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(options);
        Reference = reference;
        _options = options;
        _credentials = new CredentialStore(options);
        _retry = new RetryPolicy { MaxAttempts = options.MaxAttempts, RetryDelay = options.RetryDelay, MaxRetryDelay = options.MaxRetryDelay, StallTimeout = options.StallTimeout };
        var scheme = reference.IsLoopback || options.Insecure ? "http" : "https";
        BaseUri = new Uri($"{scheme}://{reference.RegistryHost}/v2/");
        _http = FlixHttpClient.Create(options.HttpMessageHandler);
    }

    public ImageReference Reference { get; }

    /// <summary>The API root, <c>https://HOST/v2/</c> (plain HTTP for loopback or when insecure).</summary>
    public Uri BaseUri { get; }

    private string Registry => Reference.Registry;

    private string Repository => Reference.Repository;

    /// <summary>Checks that the host speaks the registry API and learns its authentication challenge.</summary>
    public async Task PingAsync(CancellationToken ct = default)
    {
        if (_pinged)
        {
            return;
        }

        using var response = await SendWithRetriesAsync(() => new HttpRequestMessage(HttpMethod.Get, BaseUri), "/v2/", authenticate: false, ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            _pingChallenge = PickChallenge(response);
        }
        else if (!response.IsSuccessStatusCode)
        {
            throw await ProtocolErrorAsync(response, "/v2/", ct).ConfigureAwait(false);
        }

        _pinged = true;
    }

    /// <summary>The manifest named by a tag or digest: its bytes and Content-Type. The bytes are capped at <see cref="ManifestDocument.MaxSize"/>.</summary>
    public async Task<(byte[] Content, string? MediaType)> GetManifestAsync(string reference, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(reference);
        await PingAsync(ct).ConfigureAwait(false);
        var uri = new Uri(BaseUri, $"{Repository}/manifests/{Uri.EscapeDataString(reference)}");
        using var response = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.TryAddWithoutValidation("Accept", ManifestAccept);
            return request;
        }, reference, ct).ConfigureAwait(false);
        var declared = response.Content.Headers.ContentLength;
        if (declared > ManifestDocument.MaxSize)
        {
            throw new RegistryProtocolException($"The manifest {reference} of {Registry}/{Repository} is {declared} bytes, over the {ManifestDocument.MaxSize}-byte limit.", Registry, Repository, reference);
        }

        byte[]? body;
        try
        {
            body = await ReadCappedAsync(response, ManifestDocument.MaxSize, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or HttpRequestException && !ct.IsCancellationRequested)
        {
            throw new RegistryProtocolException($"The manifest {reference} of {Registry}/{Repository} did not arrive whole: {e.Message}", Registry, Repository, reference, e);
        }

        if (body is null)
        {
            throw new RegistryProtocolException($"The manifest {reference} of {Registry}/{Repository} is over the {ManifestDocument.MaxSize}-byte limit.", Registry, Repository, reference);
        }
        return (body, response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>
    /// Downloads <paramref name="blob"/> into <paramref name="path"/>, hashing as it arrives. A broken transfer resumes
    /// with <c>Range</c>, or restarts from zero when the server ignores it. Throws <see cref="InvalidDataException"/>
    /// when the bytes don't match the descriptor.
    /// </summary>
    public async Task DownloadBlobAsync(OciDescriptor blob, string path, IProgress<long>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var digest = blob.ParsedDigest;
        await PingAsync(ct).ConfigureAwait(false);
        var uri = new Uri(BaseUri, $"{Repository}/blobs/{digest}");
        await ResumableDownload.DownloadAsync(
            (offset, token) => SendAsync(() =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, uri);
                if (offset > 0)
                {
                    request.Headers.Range = new RangeHeaderValue(offset, null);
                }

                return request;
            }, digest.ToString(), token),
            path, blob.Expected($"{Registry}/{Repository}"), _retry, progress, ct).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _http.Dispose();
        _authLock.Dispose();
    }

    /// <summary>Sends with authentication and retries; a 404 becomes <see cref="RegistryNotFoundException"/>, other failures their own types.</summary>
    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> factory, string what, CancellationToken ct)
    {
        var response = await SendWithRetriesAsync(factory, what, authenticate: true, ct).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw response.StatusCode switch
            {
                HttpStatusCode.NotFound => new RegistryNotFoundException($"{Registry}/{Repository} has no {what} (HTTP 404).", Registry, Repository, what),
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new RegistryAuthenticationException(
                    $"{Registry} refused access to {Repository} ({what}): HTTP {(int)response.StatusCode}{(_credential is null ? ", and no credentials were found" : $" with the credentials of {_credential}")}.", Registry, Repository, what),
                HttpStatusCode.TooManyRequests => new RegistryRateLimitedException($"{Registry} kept answering 429 Too Many Requests for {Repository} ({what}) after {_options.MaxAttempts} tries.", Registry, Repository, what),
                _ => await ProtocolErrorAsync(response, what, ct).ConfigureAwait(false),
            };
        }
    }

    private async Task<HttpResponseMessage> SendWithRetriesAsync(Func<HttpRequestMessage> factory, string what, bool authenticate, CancellationToken ct)
    {
        var authenticated = false;
        for (var attempt = 1; ; attempt++)
        {
            HttpResponseMessage response;
            try
            {
                response = await SendFollowingRedirectsAsync(factory(), ct).ConfigureAwait(false);
            }
            catch (HttpRequestException) when (attempt < _options.MaxAttempts && !ct.IsCancellationRequested)
            {
                await Task.Delay(_retry.Backoff(attempt), ct).ConfigureAwait(false);
                continue;
            }
            catch (HttpRequestException e)
            {
                throw new RegistryProtocolException($"Cannot reach {Registry} for {Repository} ({what}): {e.Message}", Registry, Repository, what, e);
            }

            if (response.StatusCode == HttpStatusCode.Unauthorized && authenticate && !authenticated)
            {
                var challenge = PickChallenge(response) ?? _pingChallenge;
                response.Dispose();
                if (challenge is null)
                {
                    throw new RegistryAuthenticationException($"{Registry} answered 401 for {Repository} ({what}) without saying how to authenticate.", Registry, Repository, what);
                }

                await AuthenticateAsync(challenge, ct).ConfigureAwait(false);
                authenticated = true;
                attempt--;
                continue;
            }

            if (RetryPolicy.IsRetryable(response.StatusCode) && attempt < _options.MaxAttempts)
            {
                var delay = _retry.DelayAfter(response, attempt);
                response.Dispose();
                await Task.Delay(delay, ct).ConfigureAwait(false);
                continue;
            }

            return response;
        }
    }

    private async Task<HttpResponseMessage> SendFollowingRedirectsAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var origin = BaseUri;
        for (var hop = 0; ; hop++)
        {
            if (_authorization is not null && SameOrigin(request.RequestUri!, origin))
            {
                request.Headers.TryAddWithoutValidation("Authorization", _authorization);
            }

            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            }
            finally
            {
                request.Dispose();
            }

            var status = (int)response.StatusCode;
            if (status is not (301 or 302 or 303 or 307 or 308) || response.Headers.Location is not { } location)
            {
                return response;
            }

            var target = location.IsAbsoluteUri ? location : new Uri(response.RequestMessage?.RequestUri ?? request.RequestUri!, location);
            var from = response.RequestMessage?.RequestUri ?? request.RequestUri!;
            response.Dispose();
            if (hop >= MaxRedirects)
            {
                throw new RegistryProtocolException($"{Registry} redirected more than {MaxRedirects} times for {Repository}.", Registry, Repository);
            }

            if (target.Scheme is not ("http" or "https") || (from.Scheme == "https" && target.Scheme == "http"))
            {
                throw new RegistryProtocolException($"{Registry} redirected {Repository} to '{target}', which would downgrade or leave HTTP.", Registry, Repository);
            }

            var next = new HttpRequestMessage(HttpMethod.Get, target);
            if (request.Headers.Range is { } range)
            {
                next.Headers.Range = range;
            }

            foreach (var accept in request.Headers.Accept)
            {
                next.Headers.Accept.Add(accept);
            }

            request = next;
        }
    }

    private async Task AuthenticateAsync(AuthChallenge challenge, CancellationToken ct)
    {
        await _authLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (!_credentialLooked)
            {
                _credential = await _credentials.FindAsync(Registry, Repository, ct).ConfigureAwait(false);
                _credentialLooked = true;
            }

            if (challenge.IsBasic)
            {
                if (_credential is null)
                {
                    throw new RegistryAuthenticationException($"{Registry} requires a user name and password for {Repository}, and none were found.", Registry, Repository);
                }

                _authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_credential.Username}:{_credential.Password}"));
                return;
            }

            if (!challenge.IsBearer)
            {
                throw new RegistryAuthenticationException($"{Registry} asks for '{Digest.Printable(challenge.Scheme)}' authentication, which Flix does not speak.", Registry, Repository);
            }

            _authorization = "Bearer " + await FetchTokenAsync(challenge, ct).ConfigureAwait(false);
        }
        finally
        {
            _authLock.Release();
        }
    }

    private async Task<string> FetchTokenAsync(AuthChallenge challenge, CancellationToken ct)
    {
        if (!Uri.TryCreate(challenge.Realm, UriKind.Absolute, out var realm) || realm.Scheme is not ("http" or "https"))
        {
            throw new RegistryAuthenticationException($"{Registry} named the token service '{Digest.Printable(challenge.Realm)}', which is not an absolute http(s) address.", Registry, Repository);
        }

        if (BaseUri.Scheme == "https" && realm.Scheme == "http")
        {
            throw new RegistryAuthenticationException($"{Registry} named the token service {realm}, which would send credentials over plain HTTP.", Registry, Repository);
        }

        var query = new StringBuilder(realm.Query.Length > 0 ? realm.Query[1..] : string.Empty);
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                query.Append(query.Length > 0 ? "&" : string.Empty).Append(name).Append('=').Append(Uri.EscapeDataString(value));
            }
        }

        Add("service", challenge.Service);
        // A challenge on a request names the scope it wants; the ping's challenge names none.
        var scope = string.IsNullOrEmpty(challenge.Scope) ? $"repository:{Repository}:pull" : challenge.Scope;
        Add("scope", scope);
        var uri = new UriBuilder(realm) { Query = query.ToString() }.Uri;

        for (var attempt = 1; ; attempt++)
        {
            using var request = _credential is { IsIdentityToken: true }
                ? new HttpRequestMessage(HttpMethod.Post, realm)
                {
                    // An identity token is an OAuth2 refresh token: exchange it for an access token.
                    Content = new FormUrlEncodedContent(new Dictionary<string, string>
                    {
                        ["grant_type"] = "refresh_token",
                        ["refresh_token"] = _credential.Password,
                        ["service"] = challenge.Service ?? string.Empty,
                        ["scope"] = scope,
                        ["client_id"] = "flix",
                    }),
                }
                : new HttpRequestMessage(HttpMethod.Get, uri);
            if (_credential is { IsIdentityToken: false })
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_credential.Username}:{_credential.Password}")));
            }

            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            }
            catch (HttpRequestException) when (attempt < _options.MaxAttempts && !ct.IsCancellationRequested)
            {
                await Task.Delay(_retry.Backoff(attempt), ct).ConfigureAwait(false);
                continue;
            }
            catch (HttpRequestException e)
            {
                throw new RegistryAuthenticationException($"Cannot reach the token service {realm} of {Registry}: {e.Message}", Registry, Repository, innerException: e);
            }

            using (response)
            {
                if (RetryPolicy.IsRetryable(response.StatusCode) && attempt < _options.MaxAttempts)
                {
                    await Task.Delay(_retry.DelayAfter(response, attempt), ct).ConfigureAwait(false);
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw new RegistryAuthenticationException(
                        $"The token service {realm} of {Registry} refused {Repository}: HTTP {(int)response.StatusCode}{(_credential is null ? " (no credentials were found)" : $" with the credentials of {_credential}")}.", Registry, Repository);
                }

                var body = await ReadCappedAsync(response, MaxTokenResponse, ct).ConfigureAwait(false)
                    ?? throw new RegistryAuthenticationException($"The token service {realm} of {Registry} sent over {MaxTokenResponse} bytes.", Registry, Repository);
                try
                {
                    using var document = JsonDocument.Parse(body);
                    var root = document.RootElement;
                    string? token = null;
                    if (root.ValueKind == JsonValueKind.Object)
                    {
                        if (root.TryGetProperty("token", out var t) && t.ValueKind == JsonValueKind.String)
                        {
                            token = t.GetString();
                        }

                        if (string.IsNullOrEmpty(token) && root.TryGetProperty("access_token", out var a) && a.ValueKind == JsonValueKind.String)
                        {
                            token = a.GetString();
                        }
                    }

                    if (string.IsNullOrEmpty(token) || token.Any(c => c <= ' ' || c > '~'))
                    {
                        throw new RegistryAuthenticationException($"The token service {realm} of {Registry} sent no usable token.", Registry, Repository);
                    }

                    return token;
                }
                catch (JsonException e)
                {
                    throw new RegistryAuthenticationException($"The token service {realm} of {Registry} sent invalid JSON.", Registry, Repository, innerException: e);
                }
            }
        }
    }

    private static AuthChallenge? PickChallenge(HttpResponseMessage response)
    {
        AuthChallenge? first = null;
        foreach (var value in response.Headers.WwwAuthenticate)
        {
            var challenge = AuthChallenge.Parse(value.Parameter is null ? value.Scheme : value.Scheme + " " + value.Parameter);
            if (challenge is { IsBearer: true })
            {
                return challenge;
            }

            first ??= challenge;
        }

        return first;
    }

    private async Task<RegistryProtocolException> ProtocolErrorAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        var body = await ReadCappedAsync(response, MaxErrorBody, ct, truncate: true).ConfigureAwait(false) ?? [];
        var text = Digest.Printable(Encoding.UTF8.GetString(body).Trim());
        return new RegistryProtocolException(
            $"{Registry} answered HTTP {(int)response.StatusCode} for {Repository} ({what}){(text.Length > 0 ? ": " + text : ".")}", Registry, Repository, what);
    }

    /// <summary>The body, or null when it exceeds <paramref name="limit"/> (or its first <paramref name="limit"/> bytes when truncating).</summary>
    private async Task<byte[]?> ReadCappedAsync(HttpResponseMessage response, int limit, CancellationToken ct, bool truncate = false)
    {
        var stream = new StallGuardStream(await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false), _retry.StallTimeout);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[Math.Min(limit + 1, 64 * 1024)];
            using var memory = new MemoryStream();
            int read;
            while ((read = await stream.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
            {
                memory.Write(buffer, 0, read);
                if (memory.Length > limit)
                {
                    return truncate ? memory.ToArray()[..limit] : null;
                }
            }

            return memory.ToArray();
        }
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;
}
