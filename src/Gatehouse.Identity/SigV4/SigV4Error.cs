namespace Gatehouse.Identity.SigV4;

/// <summary>
/// Why a request was refused, as AWS says it: the error code (<c>x-amzn-ErrorType</c>), the message, and the HTTP
/// status AWS answers with (403, or 400 for malformed presigned parameters).
/// </summary>
public sealed record SigV4Error(SigV4ErrorKind Kind, string Code, string Message, int StatusCode);
