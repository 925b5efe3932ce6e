using System.Net;

namespace Flix.Fetch.Http;

/// <summary>
/// When and how long to wait before trying a request again: on 5xx, 429 and broken connections, up to
/// <see cref="MaxAttempts"/> tries, with a delay that doubles from <see cref="RetryDelay"/> up to
/// <see cref="MaxRetryDelay"/> (a server's <c>Retry-After</c> is honoured within that bound).
/// </summary>
public sealed record RetryPolicy
{
    /// <summary>How many times a request is tried in all.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The first retry delay; it doubles with each retry.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between tries, whatever <c>Retry-After</c> asks for.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a response body may send nothing before the transfer counts as cut (and is resumed or retried).</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>True for answers worth another try: 429 Too Many Requests and every 5xx.</summary>
    public static bool IsRetryable(HttpStatusCode status) => status == HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>The delay before try <paramref name="attempt"/> + 1.</summary>
    public TimeSpan Backoff(int attempt)
    {
        var delay = RetryDelay * Math.Pow(2, Math.Min(attempt - 1, 10));
        return delay < MaxRetryDelay ? delay : MaxRetryDelay;
    }

    /// <summary>The delay a response's <c>Retry-After</c> asks for, bounded by <see cref="MaxRetryDelay"/>; null when it names none.</summary>
    public TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var header = response.Headers.RetryAfter;
        TimeSpan? delay = header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        if (delay is not { } d)
        {
            return null;
        }

        return d < TimeSpan.Zero ? TimeSpan.Zero : d > MaxRetryDelay ? MaxRetryDelay : d;
    }

    /// <summary>The delay before the next try after <paramref name="response"/>: its Retry-After, else the backoff.</summary>
    public TimeSpan DelayAfter(HttpResponseMessage response, int attempt) => RetryAfter(response) ?? Backoff(attempt);
}
