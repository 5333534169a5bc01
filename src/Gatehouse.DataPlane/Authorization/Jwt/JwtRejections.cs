using System.Collections.Frozen;
using System.Text;

namespace Gatehouse.DataPlane.Authorization.Jwt;

/// <summary>
/// The <c>error_description</c> of each refusal and the <c>www-authenticate</c> challenges. AWS documents one
/// description word for word ("the token does not have a valid audience", troubleshooting guide); "the token has
/// expired" is what users report; the others follow the same style. Descriptions never contain request data.
/// </summary>
internal static class JwtRejections
{
    private static readonly FrozenDictionary<JwtRejection, string> Descriptions = new Dictionary<JwtRejection, string>
    {
        [JwtRejection.MissingIdentity] = "the request does not have a token",
        [JwtRejection.MalformedToken] = "the token is malformed",
        [JwtRejection.UnsupportedAlgorithm] = "the token's signing algorithm is not supported",
        [JwtRejection.UnknownKey] = "the token's kid does not match a key of the issuer",
        [JwtRejection.KeysUnavailable] = "the issuer's signing keys could not be retrieved",
        [JwtRejection.InvalidSignature] = "the token signature is invalid",
        [JwtRejection.InvalidIssuer] = "the token does not have a valid issuer",
        [JwtRejection.InvalidAudience] = "the token does not have a valid audience",
        [JwtRejection.Expired] = "the token has expired",
        [JwtRejection.NotYetValid] = "the token is not valid yet",
        [JwtRejection.IssuedInFuture] = "the token was issued in the future",
        [JwtRejection.InsufficientScope] = "the token does not have the required scopes",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<JwtRejection, string> Challenges = Descriptions.ToFrozenDictionary(
        pair => pair.Key,
        pair => $"Bearer scope=\"\" error=\"invalid_token\" error_description=\"{pair.Value}\"");

    public static string Describe(JwtRejection rejection) => Descriptions[rejection];

    /// <summary>The 401 challenge, as AWS's troubleshooting guide shows it.</summary>
    public static string Challenge(JwtRejection rejection) => Challenges[rejection];

    /// <summary>The 403 challenge: RFC 6750's <c>insufficient_scope</c>, with the scopes the route accepts.</summary>
    public static string InsufficientScope(IReadOnlyList<string> routeScopes)
    {
        var builder = new StringBuilder("Bearer scope=\"");
        for (var i = 0; i < routeScopes.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(' ');
            }

            // Scopes come from the API's configuration: quotes and backslashes are escaped as RFC 7230 quoted-strings
            // need, and anything outside printable ASCII (which Kestrel refuses in a header) becomes '?'.
            foreach (var c in routeScopes[i])
            {
                if (c is '"' or '\\')
                {
                    builder.Append('\\');
                }

                builder.Append(c is < ' ' or > '~' ? '?' : c);
            }
        }

        return builder.Append("\" error=\"insufficient_scope\" error_description=\"")
            .Append(Descriptions[JwtRejection.InsufficientScope]).Append('"').ToString();
    }
}
