namespace Gatehouse.DataPlane.Authorization.Jwt;

/// <summary>Why a JWT authorizer refused a request.</summary>
public enum JwtRejection
{
    /// <summary>The identity source is absent or empty: 401 without fetching anything.</summary>
    MissingIdentity,
    /// <summary>Not a compact JWS: wrong shape, bad base64url, bad JSON, encrypted, duplicate claims, too long.</summary>
    MalformedToken,
    /// <summary>An <c>alg</c> other than the RSA (and, when allowed, ECDSA) ones: <c>none</c>, HMAC, ...</summary>
    UnsupportedAlgorithm,
    /// <summary>No <c>kid</c>, or one the issuer's JWKS does not hold even after a refresh.</summary>
    UnknownKey,
    /// <summary>The issuer's discovery document or JWKS could not be fetched, and no keys were known.</summary>
    KeysUnavailable,
    InvalidSignature,
    InvalidIssuer,
    InvalidAudience,
    Expired,
    NotYetValid,
    IssuedInFuture,
    /// <summary>Valid token, but none of the route's <c>authorizationScopes</c>: 403.</summary>
    InsufficientScope,
}
