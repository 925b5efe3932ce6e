using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Flix.Oci.Tests.Fixtures;

public sealed partial class FaultyProxy
{
    /// <summary>The <c>service</c> its Bearer challenges name.</summary>
    public const string TokenService = "flix-test-proxy";

    private readonly HashSet<string> _tokens = new(StringComparer.Ordinal);
    private readonly List<string> _tokenScopes = [];
    private readonly List<string> _tokenForms = [];

    /// <summary>The paths that need credentials; null: none do. Such requests go upstream without their Authorization.</summary>
    private Regex? _authPattern;

    /// <summary>True: the paths need a Bearer token of the proxy's token server; false: the basic credentials below.</summary>
    private bool _bearer;

    /// <summary>Base64 of <c>user:password</c>: what the paths want (basic) or what the token server wants (bearer); null: the token server wants none.</summary>
    private string? _basicCredentials;

    private bool _scopeInChallenge;
    private string? _identityToken;

    /// <summary>The realm its Bearer challenges name.</summary>
    public Uri TokenEndpoint => new(BaseAddress, "token");

    /// <summary>The scope of each token request (the <c>scope</c> query value, or form field of a POST), in order.</summary>
    public IReadOnlyList<string> TokenScopes
    {
        get
        {
            lock (_tokens)
            {
                return _tokenScopes.ToList();
            }
        }
    }

    /// <summary>The bodies of the token POSTs (OAuth2 refresh-token forms), in order.</summary>
    public IReadOnlyList<string> TokenForms
    {
        get
        {
            lock (_tokens)
            {
                return _tokenForms.ToList();
            }
        }
    }

    /// <summary>
    /// Requests whose path matches <paramref name="pathPattern"/> (default: all of <c>/v2/</c>) need
    /// <c>Authorization: Bearer T</c> with a T issued by <c>/token</c>; otherwise they get 401 and
    /// <c>WWW-Authenticate: Bearer realm=…/token,service="flix-test-proxy",scope=…</c> (the scope left out with
    /// <paramref name="scopeInChallenge"/> false, for clients to work out). With a user name, the token endpoint
    /// itself wants those basic credentials on its GET. With <paramref name="identityToken"/>, it instead wants an
    /// OAuth2 POST form with <c>grant_type=refresh_token</c> and <c>refresh_token=</c> that token.
    /// </summary>
    public void RequireBearerToken(string pathPattern = "^/v2/", string? userName = null, string? password = null, bool scopeInChallenge = true, string? identityToken = null)
    {
        _authPattern = new Regex(pathPattern, RegexOptions.CultureInvariant);
        _bearer = true;
        _basicCredentials = userName is null ? null : Base64Credentials(userName, password);
        _scopeInChallenge = scopeInChallenge;
        _identityToken = identityToken;
    }

    /// <summary>
    /// Requests whose path matches <paramref name="pathPattern"/> need <c>Authorization: Basic</c> with these
    /// credentials; otherwise they get 401 and <c>WWW-Authenticate: Basic realm="flix-test-proxy"</c>.
    /// </summary>
    public void RequireBasicAuth(string userName, string password, string pathPattern = "^/v2/")
    {
        _authPattern = new Regex(pathPattern, RegexOptions.CultureInvariant);
        _bearer = false;
        _basicCredentials = Base64Credentials(userName, password);
    }

    /// <summary>Answers 401 with the challenge when the request needs credentials it lacks; false when it may go on.</summary>
    private async Task<bool> ChallengeAsync(ProxyHttpRequest request, Stream client, CancellationToken ct)
    {
        if (_authPattern is null || !_authPattern.IsMatch(request.Path) || (_bearer ? HasValidToken(request) : HasBasicCredentials(request)))
        {
            return false;
        }

        string challenge = $"Basic realm=\"{TokenService}\"";
        if (_bearer)
        {
            string scope = _scopeInChallenge ? ScopeFor(request.Path) : string.Empty;
            challenge = $"Bearer realm=\"{TokenEndpoint}\",service=\"{TokenService}\"" + (scope.Length > 0 ? $",scope=\"{scope}\"" : string.Empty);
        }

        await WriteSimpleAsync(client, request, 401, [new("WWW-Authenticate", challenge), new("Content-Type", "application/json")],
            """{"errors":[{"code":"UNAUTHORIZED","message":"authentication required","detail":null}]}""", null, ct);
        return true;
    }

    private bool HasBasicCredentials(ProxyHttpRequest request) => request.Header("Authorization") == "Basic " + _basicCredentials;

    private bool HasValidToken(ProxyHttpRequest request)
    {
        string? authorization = request.Header("Authorization");
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return false;
        }

        lock (_tokens)
        {
            return _tokens.Contains(authorization["Bearer ".Length..].Trim());
        }
    }

    private async Task AnswerTokenAsync(ProxyHttpRequest request, Stream client, CancellationToken ct)
    {
        string? scope;
        if (_identityToken is not null)
        {
            string form = Encoding.UTF8.GetString(request.Body);
            lock (_tokens)
            {
                _tokenForms.Add(form);
            }

            if (request.Method != "POST" || FormValue(form, "grant_type") != "refresh_token" || FormValue(form, "refresh_token") != _identityToken)
            {
                await WriteSimpleAsync(client, request, 401, [new("Content-Type", "application/json")], """{"error":"invalid_grant"}""", null, ct);
                return;
            }

            scope = FormValue(form, "scope");
        }
        else if (_basicCredentials is not null && !HasBasicCredentials(request))
        {
            await WriteSimpleAsync(client, request, 401, [new("WWW-Authenticate", $"Basic realm=\"{TokenService}\""), new("Content-Type", "application/json")],
                """{"details":"incorrect username or password"}""", null, ct);
            return;
        }
        else
        {
            scope = QueryValue(request.PathAndQuery, "scope");
        }

        string token = "flix-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        lock (_tokens)
        {
            _tokens.Add(token);
            _tokenScopes.Add(scope ?? string.Empty);
        }

        string body = $$"""{"token":"{{token}}","access_token":"{{token}}","expires_in":300,"issued_at":"2024-01-02T03:04:05Z"}""";
        await WriteSimpleAsync(client, request, 200, [new("Content-Type", "application/json")], body, null, ct);
    }

    private static string Base64Credentials(string userName, string? password) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{userName}:{password}"));

    /// <summary>The token scope a registry would ask for: <c>repository:NAME:pull</c> for /v2/NAME/(manifests|blobs|tags)/….</summary>
    private static string ScopeFor(string path)
    {
        foreach (var kind in new[] { "/manifests/", "/blobs/", "/tags/" })
        {
            int at = path.IndexOf(kind, StringComparison.Ordinal);
            if (path.StartsWith("/v2/", StringComparison.Ordinal) && at > 4)
            {
                return $"repository:{path[4..at]}:pull";
            }
        }

        return string.Empty;
    }

    private static string? QueryValue(string pathAndQuery, string key)
    {
        int question = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        return question < 0 ? null : FormValue(pathAndQuery[(question + 1)..], key);
    }

    /// <summary>A value of an <c>a=b&amp;c=d</c> query or form, decoded; null when absent.</summary>
    private static string? FormValue(string form, string key)
    {
        foreach (var pair in form.Split('&'))
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && Uri.UnescapeDataString(pair[..equals]) == key)
            {
                return Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            }
        }

        return null;
    }
}
