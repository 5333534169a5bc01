using Microsoft.AspNetCore.Http;

namespace Gatehouse.ControlPlane.Protocols;

/// <summary>
/// The seam where control-plane requests are authenticated. Today it parses the SigV4 header and refuses a malformed
/// one; verifying the signature against configured credentials is the authorization issue's work and plugs in here.
/// </summary>
public sealed class RequestAuthenticator
{
    /// <summary>
    /// Returns the parsed authorization (null for an unsigned request), or throws AWS's error for a malformed one or
    /// for credentials scoped to another service than <paramref name="expectedService"/> (the signing name).
    /// </summary>
    public SigV4Authorization? Authenticate(HttpRequest request, string? expectedService)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return null;
        }

        if (!SigV4Authorization.TryParse(header, out var authorization))
        {
            throw new AwsException(403, "IncompleteSignatureException",
                "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters after 'AWS4-HMAC-SHA256'.");
        }

        if (expectedService is not null && authorization!.Service != expectedService)
        {
            throw new AwsException(403, "InvalidSignatureException",
                $"Credential should be scoped to correct service: '{expectedService}'.");
        }

        return authorization;
    }
}
