namespace Gatehouse.Identity;

/// <summary>
/// The principal behind an access key, as <c>sts get-caller-identity</c> shows it and as <c>$context.identity.*</c>
/// and the events' <c>requestContext.authorizer.iam</c> report it.
/// </summary>
/// <param name="AccountId">The 12-digit account.</param>
/// <param name="Arn">The principal's ARN: <c>arn:aws:iam::{account}:user/{name}</c>, or <c>arn:aws:iam::{account}:root</c>.</param>
/// <param name="UserId">The unique id (<c>AIDA...</c> for a user; the account id for the root).</param>
public sealed record CallerIdentity(string AccountId, string Arn, string UserId)
{
    /// <summary>The IAM user name, or null for the account root (the administrator's key).</summary>
    public string? UserName { get; init; }

    /// <summary>
    /// The account root: the administrator's key (the development key <c>test</c> on loopback, or the configured one).
    /// Its requests are allowed everything, as the root user's are on AWS.
    /// </summary>
    public bool IsAccountRoot => UserName is null;
}
