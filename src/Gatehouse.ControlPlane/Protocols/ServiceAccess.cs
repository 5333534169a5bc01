using Gatehouse.Identity;
using Gatehouse.Identity.Credentials;
using Gatehouse.Identity.Policies;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.ControlPlane.Protocols;

/// <summary>
/// What one call of a query or awsJson service asks of the caller's IAM policies: an action (<c>logs:PutLogEvents</c>)
/// on each of the resources it touches (their ARNs, or <c>*</c> for an action without resource-level permissions).
/// </summary>
public sealed record ServiceAccess(string Action, IReadOnlyList<string> Resources)
{
    public ServiceAccess(string action, string resource)
        : this(action, [resource])
    {
    }
}

/// <summary>
/// Checks IAM users' identity policies before a call of a query or awsJson service runs (the account root and the
/// development key may do everything), as the endpoints of those services do for the services that declare their
/// access (CloudWatch, CloudWatch Logs, SNS; IAM and STS check their own). Every resource must be allowed.
/// </summary>
public sealed class ServiceAuthorizer(CredentialRegistry registry)
{
    /// <summary>
    /// Throws what <paramref name="denied"/> makes of the first resource the caller may not act on:
    /// (caller ARN, action, resource, explicitly denied) → the service's error.
    /// </summary>
    public void Authorize(CallerIdentity? caller, HttpContext context, ServiceAccess? access, Func<string, string, string, bool, AwsException> denied)
    {
        ArgumentNullException.ThrowIfNull(denied);
        if (access is null || caller is not { IsAccountRoot: false })
        {
            return;
        }

        var policies = registry.GetPolicies(caller);
        var conditions = RequestPolicyContext.For(context, caller);
        foreach (var resource in access.Resources)
        {
            var decision = PolicyEvaluator.Evaluate(policies, access.Action, resource, conditions);
            if (decision != PolicyDecision.Allow)
            {
                throw denied(caller.Arn, access.Action, resource, decision == PolicyDecision.ExplicitDeny);
            }
        }
    }

    /// <summary>The text AWS's services give a refused call (IAM's wording, which CloudWatch, CloudWatch Logs and SNS share).</summary>
    public static string DeniedMessage(string callerArn, string action, string resource, bool explicitDeny) => explicitDeny
        ? $"User: {callerArn} is not authorized to perform: {action} on resource: {resource} with an explicit deny in an identity-based policy"
        : $"User: {callerArn} is not authorized to perform: {action} on resource: {resource} because no identity-based policy allows the {action} action";
}
