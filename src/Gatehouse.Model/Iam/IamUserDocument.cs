using System.Text.Json.Serialization;

namespace Gatehouse.Model.Iam;

/// <summary>
/// One IAM user with everything that belongs to it: access keys (secrets sealed, never in clear), inline policies and
/// tags. The unit the config store reads and writes in one transaction.
/// </summary>
public sealed record IamUserDocument
{
    /// <summary>The name as created; names are unique without regard to case, as in IAM.</summary>
    public required string UserName { get; init; }

    /// <summary>The unique id, <c>AIDA…</c>.</summary>
    public required string UserId { get; init; }

    /// <summary><c>/</c> or <c>/division/team/</c>.</summary>
    public string Path { get; init; } = "/";

    public DateTimeOffset CreateDate { get; init; }

    public IReadOnlyList<IamTag> Tags { get; init; } = [];

    /// <summary>At most two, oldest first.</summary>
    public IReadOnlyList<IamAccessKey> AccessKeys { get; init; } = [];

    /// <summary>Inline policies, ordered by name.</summary>
    public IReadOnlyList<IamInlinePolicy> Policies { get; init; } = [];

    /// <summary>The store's version for optimistic concurrency (0 for a user not yet stored); not part of the JSON.</summary>
    [JsonIgnore]
    public long Version { get; init; }

    /// <summary><c>arn:aws:iam::{account}:user{path}{name}</c>.</summary>
    public string Arn(string accountId) => $"arn:aws:iam::{accountId}:user{Path}{UserName}";
}

/// <summary>An access key; <see cref="SealedSecret"/> is the secret encrypted at rest (nonce, ciphertext and tag, base64).</summary>
public sealed record IamAccessKey(string AccessKeyId, string SealedSecret, bool Active, DateTimeOffset CreateDate)
{
    public override string ToString() => $"IamAccessKey {{ AccessKeyId = {AccessKeyId}, Active = {Active} }}";
}

/// <summary>An inline policy, with its document exactly as it was put.</summary>
public sealed record IamInlinePolicy(string PolicyName, string Document);

public sealed record IamTag(string Key, string Value);
