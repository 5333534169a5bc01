using Microsoft.AspNetCore.Http;

namespace Gatehouse.DataPlane.RestApis.Authorization;

/// <summary>
/// The authorize step of a REST method (a Lambda TOKEN or REQUEST authorizer, a Cognito user pool), prepared once per
/// deployment; methods without authorization have none and pay nothing.
/// </summary>
public abstract class RestMethodAuthorizer
{
    public abstract ValueTask<RestAuthorization> AuthorizeAsync(HttpContext httpContext, RequestContext context, RestRequestState state);
}
