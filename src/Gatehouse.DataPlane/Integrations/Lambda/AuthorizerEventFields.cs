namespace Gatehouse.DataPlane.Integrations.Lambda;

/// <summary>
/// What turns a request's event into a Lambda authorizer's event (HTTP APIs, payload formats 1.0 and 2.0):
/// <c>type: REQUEST</c>, the route ARN (2.0 <c>routeArn</c>, 1.0 <c>methodArn</c>) and the identity source values
/// (2.0 a list, 1.0 comma-joined in <c>identitySource</c> and <c>authorizationToken</c>); no body.
/// </summary>
public sealed record AuthorizerEventFields(string RouteArn, string[] IdentityValues);
