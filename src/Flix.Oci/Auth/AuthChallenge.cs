namespace Flix.Oci.Auth;

/// <summary>One challenge of a <c>WWW-Authenticate</c> header: its scheme and parameters (realm, service, scope, error).</summary>
public sealed record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    private const int MaxHeaderLength = 8192;

    public string? Realm => Parameters.GetValueOrDefault("realm");

    public string? Service => Parameters.GetValueOrDefault("service");

    public string? Scope => Parameters.GetValueOrDefault("scope");

    public bool IsBearer => Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase);

    public bool IsBasic => Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Parses the first challenge of a header value such as <c>Bearer realm="https://a/token",service="a",scope="x"</c>;
    /// null when the value is empty, too long or not a challenge.
    /// </summary>
    public static AuthChallenge? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header) || header.Length > MaxHeaderLength)
        {
            return null;
        }

        var text = header.AsSpan().Trim();
        var space = text.IndexOf(' ');
        var scheme = (space < 0 ? text : text[..space]).ToString();
        if (scheme.Length == 0 || !scheme.All(char.IsAsciiLetterOrDigit))
        {
            return null;
        }

        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var rest = space < 0 ? ReadOnlySpan<char>.Empty : text[(space + 1)..];
        while (true)
        {
            rest = rest.TrimStart(" ,");
            if (rest.IsEmpty)
            {
                break;
            }

            var equals = rest.IndexOf('=');
            if (equals <= 0)
            {
                break;
            }

            var name = rest[..equals].Trim().ToString();
            rest = rest[(equals + 1)..].TrimStart();
            string value;
            if (!rest.IsEmpty && rest[0] == '"')
            {
                var builder = new System.Text.StringBuilder();
                var i = 1;
                for (; i < rest.Length && rest[i] != '"'; i++)
                {
                    if (rest[i] == '\\' && i + 1 < rest.Length)
                    {
                        i++;
                    }

                    builder.Append(rest[i]);
                }

                value = builder.ToString();
                rest = i < rest.Length ? rest[(i + 1)..] : [];
            }
            else
            {
                var comma = rest.IndexOf(',');
                value = (comma < 0 ? rest : rest[..comma]).Trim().ToString();
                rest = comma < 0 ? [] : rest[comma..];
            }

            parameters.TryAdd(name, value);
        }

        return new AuthChallenge(scheme, parameters);
    }
}
