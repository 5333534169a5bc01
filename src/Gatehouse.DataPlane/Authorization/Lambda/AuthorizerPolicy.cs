using System.Text.Json;
using Gatehouse.Identity.Policies;

namespace Gatehouse.DataPlane.Authorization.Lambda;

/// <summary>
/// A Lambda authorizer's <c>policyDocument</c>, read with IAM's policy grammar and evaluated for
/// <c>execute-api:Invoke</c> on the route's ARN: an explicit Deny wins, else an Allow is needed.
/// </summary>
internal static class AuthorizerPolicy
{
    public static bool TryEvaluate(JsonElement policyDocument, string routeArn, out PolicyDecision decision, out string? error)
    {
        var parsed = PolicyParser.Parse(policyDocument);
        if (parsed.Policy is not { } policy)
        {
            decision = PolicyDecision.ImplicitDeny;
            error = "The authorizer's policyDocument is invalid: " + string.Join(" ", parsed.Errors);
            return false;
        }

        decision = policy.Evaluate("execute-api:Invoke", routeArn, PolicyContext.Empty);
        error = null;
        return true;
    }
}
