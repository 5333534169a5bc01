using System.Text.Json;
using Gatehouse.Identity.Policies;

namespace Gatehouse.DataPlane.Authorization.Lambda;

/// <summary>
/// A Lambda authorizer's <c>policyDocument</c>, read with IAM's policy grammar and evaluated for
/// <c>execute-api:Invoke</c> on the route's ARN: an explicit Deny wins, else an Allow is needed.
/// </summary>
internal static class AuthorizerPolicy
{
    public static bool TryEvaluate(JsonElement policyDocument, string routeArn, out bool allowed, out string? error)
    {
        var parsed = PolicyParser.Parse(policyDocument);
        if (parsed.Policy is not { } policy)
        {
            allowed = false;
            error = "The authorizer's policyDocument is invalid: " + string.Join(" ", parsed.Errors);
            return false;
        }

        allowed = policy.Evaluate("execute-api:Invoke", routeArn, PolicyContext.Empty) == PolicyDecision.Allow;
        error = null;
        return true;
    }
}
