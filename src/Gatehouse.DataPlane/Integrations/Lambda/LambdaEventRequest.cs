using Microsoft.AspNetCore.Http;

namespace Gatehouse.DataPlane.Integrations.Lambda;

/// <summary>
/// The request as a Lambda event describes it, after the integration's parameter mappings: what the event writers
/// for payload formats 1.0 and 2.0 read. The gateway's own headers (<c>x-forwarded-*</c>, <c>x-amzn-trace-id</c>,
/// <c>content-length</c>) are not in <see cref="Headers"/>; the writers add them.
/// </summary>
public readonly struct LambdaEventRequest
{
    public required RequestContext Context { get; init; }

    /// <summary>The client's headers, or a copy with the header mappings applied.</summary>
    public required IHeaderDictionary Headers { get; init; }

    /// <summary>The query string without '?', percent-encoded as the client sent it (then mapped).</summary>
    public required ReadOnlyMemory<char> RawQuery { get; init; }

    /// <summary>The request path, percent-decoded, with a named stage's segment: <c>requestContext.http.path</c>.</summary>
    public required string Path { get; init; }

    /// <summary>2.0's <c>rawPath</c> and 1.0's <c>path</c>: <see cref="Path"/>, or what <c>overwrite:path</c> made of it.</summary>
    public required string RawPath { get; init; }

    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>The body goes base64-encoded (<c>isBase64Encoded: true</c>) rather than as UTF-8 text.</summary>
    public bool BodyIsBinary { get; init; }

    /// <summary>The <c>x-amzn-trace-id</c> header the function sees: the client's, else one the gateway made.</summary>
    public required string TraceId { get; init; }

    /// <summary><c>x-forwarded-proto</c>: the scheme the client used.</summary>
    public required string ForwardedProto { get; init; }

    /// <summary>Set for a Lambda authorizer's event; null for an integration's.</summary>
    public AuthorizerEventFields? Authorizer { get; init; }

    /// <summary>Set for a REST API's AWS_PROXY event (<see cref="PayloadV1EventWriter"/> writes REST's shape); null for HTTP APIs.</summary>
    public RestEventFields? Rest { get; init; }

    /// <summary><c>x-forwarded-port</c>: the port the client connected to.</summary>
    public int ForwardedPort { get; init; }
}
