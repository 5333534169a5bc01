namespace Gatehouse.ControlPlane.Iam;

/// <summary>IAM's error codes, statuses and messages, as IAM words them.</summary>
internal static class IamErrors
{
    public const int AccessKeysPerUser = 2;

    /// <summary>IAM's quota on a user's inline policies together, counted without whitespace.</summary>
    public const int InlinePolicyBytesPerUser = 2048;

    public static AwsException NoSuchUser(string userName) => new(404, "NoSuchEntity", $"The user with name {userName} cannot be found.");

    public static AwsException UserExists(string userName) => new(409, "EntityAlreadyExists", $"User with name {userName} already exists.");

    public static AwsException NoSuchAccessKey(string accessKeyId) => new(404, "NoSuchEntity", $"The Access Key with id {accessKeyId} cannot be found.");

    public static AwsException AccessKeyExists(string accessKeyId) => new(409, "EntityAlreadyExists", $"Access key {accessKeyId} already exists.");

    public static AwsException NoSuchPolicy(string policyName) => new(404, "NoSuchEntity", $"The user policy with name {policyName} cannot be found.");

    public static AwsException DeleteConflictKeys() => new(409, "DeleteConflict", "Cannot delete entity, must delete access keys first.");

    public static AwsException DeleteConflictPolicies() => new(409, "DeleteConflict", "Cannot delete entity, must delete policies first.");

    public static AwsException AccessKeyQuota() => new(409, "LimitExceeded", $"Cannot exceed quota for AccessKeysPerUser: {AccessKeysPerUser}");

    public static AwsException PolicySizeQuota(string userName) =>
        new(409, "LimitExceeded", $"Maximum policy size of {InlinePolicyBytesPerUser} bytes exceeded for user {userName}");

    public static AwsException MalformedPolicy(string message) => new(400, "MalformedPolicyDocument", message);

    public static AwsException DuplicateTagKeys() => new(400, "InvalidInput", "Duplicate tag keys found. Please note that Tag keys are case insensitive.");

    public static AwsException ConcurrentModification() =>
        new(409, "ConcurrentModification", "The request was rejected because multiple requests to change this object were submitted simultaneously. Wait a few minutes and submit your request again.");

    public static AwsException AccessDenied(string callerArn, string action, string resource, bool explicitDeny) =>
        new(403, "AccessDenied", explicitDeny
            ? $"User: {callerArn} is not authorized to perform: {action} on resource: {resource} with an explicit deny in an identity-based policy"
            : $"User: {callerArn} is not authorized to perform: {action} on resource: {resource} because no identity-based policy allows the {action} action");

    public static AwsException InvalidAction(string action, string? version) =>
        new(400, "InvalidAction", $"Could not find operation {action} for version {version ?? "NO_VERSION_SPECIFIED"}");
}
