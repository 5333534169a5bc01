using Gatehouse.Identity;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.ControlPlane.Protocols;

/// <summary>
/// The seam that tells who sent a control-plane request: the identity behind the request's credentials, or null for
/// an unsigned request. Requests with credentials that are not recognised must not reach the services: the function
/// answers them with <see cref="AwsException"/> (<c>InvalidClientTokenId</c>).
/// </summary>
public delegate CallerIdentity? IdentifyCaller(HttpRequest request);

/// <summary>The caller the control plane authenticated (<see cref="RequestAuthenticator"/>), for the query services.</summary>
public static class CallerIdentification
{
    public static IdentifyCaller FromVerifiedSignature() =>
        request => request.HttpContext.Features.Get<ControlPlaneCaller>()?.Credential.Identity ?? throw InvalidClientTokenId();

    /// <summary>IAM's and STS's answer to an access key id they do not know.</summary>
    public static AwsException InvalidClientTokenId() =>
        new(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
}
