namespace Gatehouse.Identity.Policies;

/// <summary>
/// A parsed policy, or every problem found in it, most important first (the first is what IAM's
/// <c>MalformedPolicyDocument</c> reports).
/// </summary>
public sealed record PolicyParseResult(CompiledPolicy? Policy, IReadOnlyList<string> Errors)
{
    public bool IsValid => Policy is not null;
}
