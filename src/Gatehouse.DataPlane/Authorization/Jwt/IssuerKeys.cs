using System.Collections.Frozen;
using Microsoft.IdentityModel.Tokens;

namespace Gatehouse.DataPlane.Authorization.Jwt;

/// <summary>One fetch of an issuer's JWKS: its signing keys by <c>kid</c>, ready to verify with. Immutable.</summary>
internal sealed class IssuerKeys
{
    private readonly FrozenDictionary<string, SecurityKey> _keys;

    public IssuerKeys(IReadOnlyDictionary<string, SecurityKey> keys, DateTimeOffset fetchedAt)
    {
        _keys = keys.ToFrozenDictionary(StringComparer.Ordinal);
        FetchedAt = fetchedAt;
    }

    public DateTimeOffset FetchedAt { get; }

    public int Count => _keys.Count;

    public bool TryFind(string kid, out SecurityKey key) => _keys.TryGetValue(kid, out key!);
}
