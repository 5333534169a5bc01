using Microsoft.IdentityModel.Tokens;

namespace Gatehouse.DataPlane.Authorization.Jwt;

/// <summary>The key for a token's <c>kid</c>, or why there is none (<see cref="JwtRejection.UnknownKey"/> or <see cref="JwtRejection.KeysUnavailable"/>).</summary>
internal readonly record struct KeyLookup(SecurityKey? Key, JwtRejection Failure)
{
    public static KeyLookup Found(SecurityKey key) => new(key, default);

    /// <summary>No key: the kid is not among known keys, or no keys could ever be fetched.</summary>
    public static KeyLookup Missing(IssuerKeys? known) =>
        new(null, known is null ? JwtRejection.KeysUnavailable : JwtRejection.UnknownKey);
}
