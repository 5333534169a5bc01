using System.Collections.Concurrent;

namespace Gatehouse.DataPlane.Authorization.Jwt;

/// <summary>
/// The key state of every configured issuer, shared by all authorizers that name it (so redeploying an API does not
/// refetch its keys). Only issuers from authorizer configurations enter it, never one a token names; beyond
/// <see cref="JwtValidatorOptions.MaxIssuers"/> the least recently used are dropped (an authorizer still holding one
/// keeps using it).
/// </summary>
internal sealed class IssuerKeyCache(JwtValidatorOptions options, Func<string, IssuerKeyState> create)
{
    private readonly ConcurrentDictionary<string, IssuerKeyState> _issuers = new(StringComparer.Ordinal);
    private readonly Lock _evictGate = new();

    public int Count => _issuers.Count;

    public IssuerKeyState For(string issuer)
    {
        if (_issuers.TryGetValue(issuer, out var state))
        {
            return state;
        }

        state = _issuers.GetOrAdd(issuer, create);
        if (_issuers.Count > options.MaxIssuers)
        {
            Evict(keep: state);
        }

        return state;
    }

    public bool Contains(string issuer) => _issuers.ContainsKey(issuer);

    private void Evict(IssuerKeyState keep)
    {
        lock (_evictGate)
        {
            var excess = _issuers.Count - options.MaxIssuers;
            if (excess <= 0)
            {
                return;
            }

            foreach (var state in _issuers.Values.Where(s => s != keep).OrderBy(s => s.LastUsedTicks).Take(excess).ToList())
            {
                _issuers.TryRemove(state.Issuer, out _);
            }
        }
    }
}
