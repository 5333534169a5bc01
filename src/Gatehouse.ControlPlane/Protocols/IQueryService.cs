using Gatehouse.Identity;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.ControlPlane.Protocols;

/// <summary>
/// An AWS service spoken over the query protocol on <c>POST /</c> (IAM, STS, CloudWatch, SNS), told apart by the
/// signing name in the request's SigV4 credential scope.
/// </summary>
public interface IQueryService
{
    /// <summary>The SigV4 signing name: <c>iam</c>, <c>sts</c>, <c>monitoring</c>, ….</summary>
    string SigningName { get; }

    /// <summary>The <c>xmlns</c> of its answers, e.g. <c>https://iam.amazonaws.com/doc/2010-05-08/</c>.</summary>
    string XmlNamespace { get; }

    /// <summary>
    /// Runs the call's action and returns the writer of its result members (null for an operation with no output), or
    /// throws <see cref="AwsException"/> with the service's error code.
    /// </summary>
    Task<Action<QueryXmlWriter>?> InvokeAsync(QueryCall call, CancellationToken cancellationToken);

    /// <summary>
    /// The IAM action and resources the call needs, checked before it runs (<see cref="ServiceAuthorizer"/>); null
    /// for a service that checks its own (IAM, STS).
    /// </summary>
    ServiceAccess? AccessOf(QueryCall call);

    /// <summary>The service's answer to a call the caller's policies refuse.</summary>
    AwsException AccessDenied(string callerArn, string action, string resource, bool explicitDeny);
}

/// <summary>One query-protocol request: its action and parameters, the caller (null when unsigned) and the HTTP request.</summary>
public sealed record QueryCall(string Action, QueryRequest Parameters, CallerIdentity? Caller, HttpContext HttpContext);
