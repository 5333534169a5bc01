namespace Gatehouse.DataPlane.Authorization.Jwt;

public enum JwtAuthorizationOutcome
{
    /// <summary>The request goes on to the integration with the token's claims.</summary>
    Authorized,
    /// <summary>401 <c>{"message":"Unauthorized"}</c>.</summary>
    Unauthorized,
    /// <summary>403 <c>{"message":"Forbidden"}</c>: a valid token without the route's scopes.</summary>
    Forbidden,
}
