using Gatehouse.DataPlane.Responses;
using Gatehouse.Functions.Invocation;

namespace Gatehouse.DataPlane.Integrations.Lambda;

/// <summary>
/// What an HTTP API answers when a Lambda proxy invocation does not produce a response. HTTP APIs make every
/// invocation and function error an internal error, 500 <c>{"message":"Internal Server Error"}</c>
/// (facts §13.3; http-api-troubleshooting-lambda; Lambda developer guide, services-apigateway "Handling errors":
/// "API Gateway treats all invocation and function errors as internal errors"; AWS's Lambda test tool, verified
/// against HTTP APIs, answers 500 where REST APIs answer 502). Lambda's 429 reaches the client as that 500 too
/// (REST and HTTP alike: re:Post "API Gateway proxy integration does not forward Lambda throttling").
/// </summary>
public static class LambdaInvocationErrors
{
    /// <summary>The gateway's answer for an invocation result, or null when the function answered.</summary>
    public static GatewayResponse? For(InvocationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Status switch
        {
            // An unhandled error, a crash, or the function's own timeout: X-Amz-Function-Error is set.
            InvocationStatus.Completed => result.FunctionError is null ? null : GatewayResponse.InternalServerError,
            // The event exceeds Lambda's 6 MB: REST APIs answer 413; for HTTP APIs the 413 body is assumed the same as
            // for their own 10 MB limit.
            InvocationStatus.RequestTooLarge => GatewayResponse.RequestTooLarge,
            // No such function/version/alias, throttled, not runnable: Lambda rejected the invocation.
            _ => GatewayResponse.InternalServerError,
        };
    }
}
