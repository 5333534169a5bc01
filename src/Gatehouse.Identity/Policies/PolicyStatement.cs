namespace Gatehouse.Identity.Policies;

/// <summary>One compiled statement: its patterns are built once, when the document is parsed.</summary>
public sealed class PolicyStatement
{
    internal PolicyStatement(
        string? sid,
        PolicyEffect effect,
        IReadOnlyList<WildcardPattern> actions,
        bool notAction,
        IReadOnlyList<WildcardPattern> resources,
        bool notResource,
        IReadOnlyList<PolicyCondition> conditions)
    {
        Sid = sid;
        Effect = effect;
        Actions = actions;
        IsNotAction = notAction;
        Resources = resources;
        IsNotResource = notResource;
        Conditions = conditions;
    }

    public string? Sid { get; }
    public PolicyEffect Effect { get; }

    /// <summary>The <c>Action</c> patterns, or the <c>NotAction</c> ones when <see cref="IsNotAction"/>.</summary>
    public IReadOnlyList<WildcardPattern> Actions { get; }
    public bool IsNotAction { get; }

    /// <summary>The <c>Resource</c> patterns, or the <c>NotResource</c> ones when <see cref="IsNotResource"/>.</summary>
    public IReadOnlyList<WildcardPattern> Resources { get; }
    public bool IsNotResource { get; }

    /// <summary>Every condition must hold (AND over operators and keys; OR over each key's values).</summary>
    public IReadOnlyList<PolicyCondition> Conditions { get; }

    /// <summary>Whether the statement applies to this request.</summary>
    public bool Applies(string action, string resource, PolicyContext context)
    {
        if (AnyMatch(Actions, action) == IsNotAction || AnyMatch(Resources, resource) == IsNotResource)
        {
            return false;
        }

        foreach (var condition in Conditions)
        {
            if (!condition.Holds(context))
            {
                return false;
            }
        }

        return true;
    }

    private static bool AnyMatch(IReadOnlyList<WildcardPattern> patterns, string value)
    {
        for (var i = 0; i < patterns.Count; i++)
        {
            if (patterns[i].IsMatch(value))
            {
                return true;
            }
        }

        return false;
    }
}
