using Gatehouse.Identity.Policies;

namespace Gatehouse.Identity.Credentials;

/// <summary>An IAM user as the registry holds it: who it is, its active keys (secrets decrypted) and its compiled policies.</summary>
public sealed record RegisteredUser(CallerIdentity Identity, IReadOnlyList<AccessKeyCredential> ActiveKeys, IReadOnlyList<CompiledPolicy> Policies)
{
    public override string ToString() => $"RegisteredUser {{ Arn = {Identity.Arn}, ActiveKeys = {ActiveKeys.Count}, Policies = {Policies.Count} }}";
}
