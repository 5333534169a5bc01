namespace Gatehouse.DataPlane.Authorization.Jwt;

/// <summary>
/// A JWT authorizer's <c>jwtConfiguration</c> as a deployment froze it: the issuer whose keys sign the tokens
/// (discovered through <c>{issuer}/.well-known/openid-configuration</c>) and the accepted audiences.
/// </summary>
/// <param name="Issuer">Compared with the token's <c>iss</c> exactly, as AWS does (no trailing-slash folding).</param>
/// <param name="Audiences">The token's <c>aud</c>, or its <c>client_id</c> when it has no <c>aud</c>, must be one of these.</param>
public sealed record JwtAuthorizerConfig(string Issuer, IReadOnlyList<string> Audiences)
{
    /// <summary>
    /// False for a REST API's Cognito user pool authorizer, which accepts the tokens of any app client of the pool:
    /// <see cref="Audiences"/> is then not consulted.
    /// </summary>
    public bool ChecksAudience { get; init; } = true;
}
