using Microsoft.AspNetCore.Http;

namespace Gatehouse.DataPlane.Authorization;

/// <summary>
/// The authorize step of a route, prepared once per deployment (IAM, JWT or a Lambda authorizer); routes without
/// authorization have none, so they pay nothing.
/// </summary>
public abstract class RouteAuthorizer
{
    public abstract ValueTask<AuthorizationResult> AuthorizeAsync(HttpContext httpContext, RequestContext context);
}
