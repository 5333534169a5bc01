namespace Gatehouse.Identity;

/// <summary>An access key pair and whose it is.</summary>
public sealed record AccessKeyCredential(string AccessKeyId, string SecretAccessKey, CallerIdentity Identity)
{
    /// <summary>
    /// The session token that must accompany this key (<c>X-Amz-Security-Token</c>), for temporary credentials; null
    /// for a long-term key.
    /// </summary>
    public string? SessionToken { get; init; }

    /// <summary>
    /// Accepts any session token (or none): the development key <c>test</c>/<c>test</c>, which tools such as LocalStack
    /// users' scripts send with made-up tokens.
    /// </summary>
    public bool AcceptsAnySessionToken { get; init; }

    public override string ToString() => $"AccessKeyCredential {{ AccessKeyId = {AccessKeyId}, Identity = {Identity.Arn} }}";
}
