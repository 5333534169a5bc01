using System.Text.Json;
using Gatehouse.Identity;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.ControlPlane.Protocols;

/// <summary>
/// An AWS service spoken over the awsJson protocol on <c>POST /</c> (CloudWatch Logs, and CloudWatch for the SDKs that
/// send JSON), told apart by the prefix of its <c>X-Amz-Target</c> header (<c>Logs_20140328.PutLogEvents</c>).
/// </summary>
public interface IJsonService
{
    /// <summary>The part of <c>X-Amz-Target</c> before the dot: <c>Logs_20140328</c>, <c>GraniteServiceVersion20100801</c>.</summary>
    string TargetPrefix { get; }

    /// <summary>The content type of its answers: <c>application/x-amz-json-1.1</c> or <c>application/x-amz-json-1.0</c>.</summary>
    string ContentType { get; }

    /// <summary>
    /// Whether the service also speaks the query protocol and its errors carry the query error code in
    /// <c>x-amzn-query-error</c> (CloudWatch), as AWS answers clients that send <c>x-amzn-query-mode</c>.
    /// </summary>
    bool QueryCompatible { get; }

    /// <summary>
    /// Runs the operation with the request's JSON object and returns the writer of its answer's members (null for an
    /// operation with no output: <c>{}</c>), or throws <see cref="AwsException"/> with the service's error code.
    /// </summary>
    Task<Action<Utf8JsonWriter>?> InvokeAsync(JsonCall call, CancellationToken cancellationToken);

    /// <summary>The IAM action and resources the call needs, checked before it runs (<see cref="ServiceAuthorizer"/>).</summary>
    ServiceAccess AccessOf(JsonCall call);

    /// <summary>The service's answer to a call the caller's policies refuse.</summary>
    AwsException AccessDenied(string callerArn, string action, string resource, bool explicitDeny);
}

/// <summary>One awsJson request: its operation, its body (a JSON object), the caller (null when unsigned) and the HTTP request.</summary>
public sealed record JsonCall(string Operation, JsonElement Body, CallerIdentity? Caller, HttpContext HttpContext);
