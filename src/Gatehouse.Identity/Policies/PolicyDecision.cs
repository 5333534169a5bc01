namespace Gatehouse.Identity.Policies;

/// <summary>The outcome of evaluating policies for one request, as IAM names it.</summary>
public enum PolicyDecision
{
    /// <summary>No statement allows the request (IAM's default).</summary>
    ImplicitDeny,

    /// <summary>A statement allows it and none denies it.</summary>
    Allow,

    /// <summary>A statement denies it: this wins over every Allow.</summary>
    ExplicitDeny,
}
