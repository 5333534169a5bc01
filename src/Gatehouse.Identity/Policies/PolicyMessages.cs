namespace Gatehouse.Identity.Policies;

/// <summary>IAM's <c>MalformedPolicyDocument</c> messages, word for word.</summary>
public static class PolicyMessages
{
    public const string SyntaxErrors = "Syntax errors in policy.";
    public const string PrincipalNotAllowed = "Policy document should not specify a principal.";
    public const string DuplicateSid = "Statement IDs (SID) in a single policy must be unique.";
    public const string MissingActions = "Policy statement must contain actions.";
    public const string MissingResources = "Policy statement must contain resources.";
    public const string MissingVendor = "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.";

    public static string ResourceNotArn(string resource) => $"Resource {resource} must be in ARN format or \"*\".";
}
