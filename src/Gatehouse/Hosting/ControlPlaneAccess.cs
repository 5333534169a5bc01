using System.Reflection;
using Gatehouse.ControlPlane;
using Gatehouse.ControlPlane.ApiGateway;
using Gatehouse.ControlPlane.Lambda;
using Gatehouse.ControlPlane.Protocols;
using Gatehouse.Identity.Credentials;
using Gatehouse.Identity.Policies;

namespace Gatehouse.Hosting;

/// <summary>
/// IAM users' identity policies govern the control-plane operations they call, with AWS's action and resource names:
/// <c>apigateway:{HTTP method}</c> on <c>arn:aws:apigateway:{region}::{path}</c> (how API Gateway's management API is
/// authorized), <c>lambda:{Operation}</c> on the function's ARN (or <c>*</c>). The account root may do everything;
/// IAM's and STS's operations check their own actions. Runs after routing, so the operation is known.
/// </summary>
internal static class ControlPlaneAccess
{
    public static Task InvokeAsync(HttpContext context, RequestDelegate next, CredentialRegistry registry, ControlPlaneOptions options)
    {
        var caller = context.Features.Get<ControlPlaneCaller>()?.Credential.Identity;
        if (caller is null || caller.IsAccountRoot || QueryEndpoint.IsQueryRequest(context.Request) || Describe(context, options) is not var (action, resource))
        {
            return next(context);
        }

        var decision = PolicyEvaluator.Evaluate(registry.GetPolicies(caller), action, resource, RequestPolicyContext.For(context, caller));
        if (decision != PolicyDecision.Allow)
        {
            throw new AwsException(403, "AccessDeniedException",
                $"User: {caller.Arn} is not authorized to perform: {action} on resource: {resource}" +
                (decision == PolicyDecision.ExplicitDeny ? " with an explicit deny" : ""));
        }

        return next(context);
    }

    /// <summary>The IAM action and resource of the request, or null when it is no operation (the fallback answers it).</summary>
    private static (string Action, string Resource)? Describe(HttpContext context, ControlPlaneOptions options)
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments("/v2", out var rest))
        {
            return ($"apigateway:{request.Method}", $"arn:aws:apigateway:{options.Region}::{rest.Value}");
        }

        if (ApiGatewayEndpoints.IsApiGatewayPath(request.Path))
        {
            return ($"apigateway:{request.Method}", $"arn:aws:apigateway:{options.Region}::{request.Path.Value}");
        }

        if (!LambdaEndpoints.IsLambdaPath(request.Path) || context.GetEndpoint()?.Metadata.GetMetadata<MethodInfo>()?.Name is not { } operation)
        {
            return null;
        }

        var action = "lambda:" + operation switch
        {
            "Invoke" => "InvokeFunction",
            "DownloadCode" or "CodePath" => "GetFunction",
            _ => operation,
        };
        var resource = request.RouteValues.TryGetValue("functionName", out var name) && name is string function
            ? function.StartsWith("arn:", StringComparison.Ordinal) ? function : $"arn:aws:lambda:{options.Region}:{options.AccountId}:function:{function}"
            : "*";
        return (action, resource);
    }
}
