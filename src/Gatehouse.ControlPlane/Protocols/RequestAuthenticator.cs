using Gatehouse.Identity;
using Gatehouse.Identity.SigV4;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.ControlPlane.Protocols;

/// <summary>
/// Authenticates every control-plane request as AWS does: a SigV4 signature (header or presigned query) for the
/// service that owns the operation, by a known access key, within five minutes of the server's clock. The verified
/// caller is left on the request (<see cref="ControlPlaneCaller"/>) for the operations that need it.
/// </summary>
public sealed class RequestAuthenticator(SigV4Verifier verifier, ControlPlaneOptions options)
{
    /// <summary>The query and awsJson services on <c>POST /</c>: signing name → whether it is global (any region).</summary>
    private static readonly Dictionary<string, bool> QueryServices = new(StringComparer.Ordinal)
    {
        ["iam"] = true,
        ["sts"] = true,
        ["logs"] = false,
        ["sns"] = false,
        ["monitoring"] = false,
    };

    /// <summary>
    /// Authenticates <paramref name="context"/>'s request for <paramref name="service"/> (the signing name), or for the
    /// service its credential scope names when null (the query services on <c>/</c>). Throws AWS's error otherwise.
    /// </summary>
    public async ValueTask<AccessKeyCredential> AuthenticateAsync(HttpContext context, string? service)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var query = service is null;
        service ??= ScopeService(request) is { } scoped && QueryServices.ContainsKey(scoped) ? scoped : "iam";
        var region = QueryServices.GetValueOrDefault(service) ? null : options.Region;
        var bodySha256 = await HttpRequestSigV4.HashBodyAsync(request, context.RequestAborted);
        var result = verifier.Verify(HttpRequestSigV4.From(request, bodySha256: bodySha256), service, region);
        if (!result.Succeeded)
        {
            throw query ? QueryError(result.Error) : new AwsException(result.Error.StatusCode, result.Error.Code, result.Error.Message);
        }

        context.Features.Set(new ControlPlaneCaller(result.Credential));
        return result.Credential;
    }

    /// <summary>The service named by the request's credential scope (header or presigned query), or null.</summary>
    public static string? ScopeService(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (SigV4Authorization.TryParse(request.Headers.Authorization.ToString(), out var authorization))
        {
            return authorization!.Service;
        }

        var credential = request.Query["X-Amz-Credential"].ToString().Split('/');
        return credential.Length == 5 ? credential[3] : null;
    }

    /// <summary>The query protocol's names for the same failures (IAM and STS answer these codes).</summary>
    private static AwsException QueryError(SigV4Error error) => error.Kind switch
    {
        SigV4ErrorKind.MissingAuthentication => new AwsException(403, "MissingAuthenticationToken", "Request is missing Authentication Token"),
        SigV4ErrorKind.UnrecognizedClient => new AwsException(403, "InvalidClientTokenId", error.Message),
        SigV4ErrorKind.InvalidSignature or SigV4ErrorKind.Expired => new AwsException(403, "SignatureDoesNotMatch", error.Message),
        SigV4ErrorKind.IncompleteSignature => new AwsException(400, "IncompleteSignature", error.Message),
        _ => new AwsException(error.StatusCode, error.Code, error.Message),
    };
}

/// <summary>Who signed a control-plane request, once <see cref="RequestAuthenticator"/> verified it.</summary>
public sealed record ControlPlaneCaller(AccessKeyCredential Credential);
