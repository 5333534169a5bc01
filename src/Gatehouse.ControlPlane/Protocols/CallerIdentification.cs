using Gatehouse.Identity;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.ControlPlane.Protocols;

/// <summary>
/// The seam that tells who sent a control-plane request: the identity behind the request's credentials, or null for
/// an unsigned request. Requests with credentials that are not recognised must not reach the services: the function
/// answers them with <see cref="AwsException"/> (<c>InvalidClientTokenId</c>).
/// </summary>
public delegate CallerIdentity? IdentifyCaller(HttpRequest request);

/// <summary>
/// Until signatures are verified: the caller is whoever owns the access key id named in the <c>Authorization</c>
/// header (looked up in the credential registry). The SigV4 verifier replaces this with a function that returns the
/// identity only for a valid signature.
/// </summary>
public static class CallerIdentification
{
    public static IdentifyCaller FromAccessKeyId(ICredentialSource credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        return request =>
        {
            var header = request.Headers.Authorization.ToString();
            if (header.Length == 0)
            {
                return null;
            }

            if (!SigV4Authorization.TryParse(header, out var authorization))
            {
                throw new AwsException(400, "IncompleteSignature",
                    "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters after 'AWS4-HMAC-SHA256'.");
            }

            return credentials.Find(authorization!.AccessKeyId)?.Identity ?? throw InvalidClientTokenId();
        };
    }

    /// <summary>IAM's and STS's answer to an access key id they do not know.</summary>
    public static AwsException InvalidClientTokenId() =>
        new(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
}
