using Microsoft.Extensions.Logging;

namespace Gatehouse.DataPlane.Authorization.Jwt;

/// <summary>
/// One issuer's keys and when to fetch them again. A known <c>kid</c> is answered from memory without a lock. A fetch
/// happens when there are no keys yet, when a token names an unknown <c>kid</c>, or (in the background) when the keys
/// are older than <see cref="JwtValidatorOptions.KeyLifetime"/>; but never twice within
/// <see cref="JwtValidatorOptions.MinRefreshInterval"/>, and concurrent requests share one fetch in flight. A failed
/// fetch keeps the last good keys.
/// </summary>
internal sealed class IssuerKeyState(string issuer, OidcKeyFetcher fetcher, JwtValidatorOptions options, TimeProvider time, ILogger logger, CancellationToken shutdown)
{
    private readonly Lock _gate = new();
    private volatile IssuerKeys? _keys;
    private Task<IssuerKeys?>? _inflight;
    private DateTimeOffset? _lastAttempt;
    private long _lastUsedTicks;

    public string Issuer => issuer;

    /// <summary>When a request last asked for a key (for evicting issuers nobody uses).</summary>
    public long LastUsedTicks => Volatile.Read(ref _lastUsedTicks);

    /// <summary>How many fetches have started: the issuer sees at most this many discovery requests.</summary>
    public int FetchCount { get; private set; }

    public ValueTask<KeyLookup> FindAsync(string kid, CancellationToken cancellation)
    {
        var now = time.GetUtcNow();
        Volatile.Write(ref _lastUsedTicks, now.UtcTicks);
        var keys = _keys;
        if (keys is not null && keys.TryFind(kid, out var key))
        {
            if (now - keys.FetchedAt >= options.KeyLifetime)
            {
                // Stale but still the issuer's: answer now and refresh behind the request.
                _ = TryStartFetch(now);
            }

            return ValueTask.FromResult(KeyLookup.Found(key));
        }

        var fetch = TryStartFetch(now);
        return fetch is null
            ? ValueTask.FromResult(KeyLookup.Missing(keys))
            : AwaitFetchAsync(fetch, kid, cancellation);
    }

    private async ValueTask<KeyLookup> AwaitFetchAsync(Task<IssuerKeys?> fetch, string kid, CancellationToken cancellation)
    {
        var fetched = await fetch.WaitAsync(cancellation).ConfigureAwait(false);
        var keys = fetched ?? _keys;
        return keys is not null && keys.TryFind(kid, out var key) ? KeyLookup.Found(key) : KeyLookup.Missing(keys);
    }

    /// <summary>The fetch in flight, a new one, or null when the last one started too recently.</summary>
    private Task<IssuerKeys?>? TryStartFetch(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_inflight is { IsCompleted: false } running)
            {
                return running;
            }

            if (_lastAttempt is { } last && now - last < options.MinRefreshInterval)
            {
                return null;
            }

            _lastAttempt = now;
            FetchCount++;
            return _inflight = Task.Run(FetchAsync, CancellationToken.None);
        }
    }

    private async Task<IssuerKeys?> FetchAsync()
    {
        try
        {
            var keys = await fetcher.FetchAsync(issuer, shutdown).ConfigureAwait(false);
            if (keys is not null)
            {
                _keys = keys;
            }

            return keys;
        }
        catch (Exception ex)
        {
            // A shared fetch must never fault: every request waiting on it would see the exception.
            if (!shutdown.IsCancellationRequested)
            {
                logger.LogWarning(ex, "JWT authorizer: fetching the keys of {Issuer} failed", issuer);
            }

            return null;
        }
    }
}
