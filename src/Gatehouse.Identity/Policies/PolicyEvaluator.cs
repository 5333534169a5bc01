namespace Gatehouse.Identity.Policies;

/// <summary>
/// IAM's evaluation logic for identity policies: an applicable Deny anywhere wins, otherwise an applicable Allow
/// allows, otherwise the request is implicitly denied.
/// </summary>
public static class PolicyEvaluator
{
    public static PolicyDecision Evaluate(IReadOnlyList<CompiledPolicy> policies, string action, string resource, PolicyContext context)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(context);
        var allowed = false;
        for (var p = 0; p < policies.Count; p++)
        {
            var statements = policies[p].Statements;
            for (var s = 0; s < statements.Count; s++)
            {
                var statement = statements[s];
                // An Allow already found makes further Allows pointless; only a Deny can change the answer.
                if ((allowed && statement.Effect == PolicyEffect.Allow) || !statement.Applies(action, resource, context))
                {
                    continue;
                }

                if (statement.Effect == PolicyEffect.Deny)
                {
                    return PolicyDecision.ExplicitDeny;
                }

                allowed = true;
            }
        }

        return allowed ? PolicyDecision.Allow : PolicyDecision.ImplicitDeny;
    }
}
