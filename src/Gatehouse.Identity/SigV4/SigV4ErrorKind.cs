namespace Gatehouse.Identity.SigV4;

/// <summary>Why a request was not authenticated, for callers that answer differently per case.</summary>
public enum SigV4ErrorKind
{
    /// <summary>No signature at all: no <c>Authorization</c> header, no <c>X-Amz-Algorithm</c>/<c>X-Amz-Credential</c> query.</summary>
    MissingAuthentication,

    /// <summary>A signature whose parts are missing or malformed (AWS's <c>IncompleteSignatureException</c>).</summary>
    IncompleteSignature,

    /// <summary>An unknown access key, or a session token that does not belong with it.</summary>
    UnrecognizedClient,

    /// <summary>The signature does not match, or is scoped to another service, region or date.</summary>
    InvalidSignature,

    /// <summary>Outside the 5-minute clock skew, or past a presigned URL's <c>X-Amz-Expires</c>.</summary>
    Expired,

    /// <summary>A presigned URL's parameters are out of range (<c>X-Amz-Expires</c>, <c>X-Amz-Algorithm</c>).</summary>
    InvalidQueryParameters,
}
