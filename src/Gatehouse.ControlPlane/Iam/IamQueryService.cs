using Gatehouse.ControlPlane.Protocols;
using Gatehouse.Identity;
using Gatehouse.Identity.Credentials;
using Gatehouse.Identity.Policies;
using Gatehouse.Model.Iam;

namespace Gatehouse.ControlPlane.Iam;

/// <summary>
/// IAM's query API (<c>Version=2010-05-08</c>): users, access keys and inline user policies. A caller that is an IAM
/// user needs its identity policies to allow <c>iam:{Action}</c> on the user concerned, as on AWS; the account root
/// (the administrator's key) and unsigned requests (the control plane does not require signatures yet) may do anything.
/// </summary>
public sealed class IamQueryService(IamService iam, CredentialRegistry registry) : IQueryService
{
    public const string Namespace = "https://iam.amazonaws.com/doc/2010-05-08/";

    public string SigningName => "iam";

    public string XmlNamespace => Namespace;

    /// <summary>None here: the operations check their own actions and resources.</summary>
    public ServiceAccess? AccessOf(QueryCall call) => null;

    public AwsException AccessDenied(string callerArn, string action, string resource, bool explicitDeny) =>
        IamErrors.AccessDenied(callerArn, action, resource, explicitDeny);

    public async Task<Action<QueryXmlWriter>?> InvokeAsync(QueryCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var p = call.Parameters;
        return call.Action switch
        {
            "CreateUser" => await CreateUserAsync(call, p, cancellationToken),
            "GetUser" => await GetUserAsync(call, p, cancellationToken),
            "ListUsers" => await ListUsersAsync(call, p, cancellationToken),
            "DeleteUser" => await DeleteUserAsync(call, p, cancellationToken),
            "CreateAccessKey" => await CreateAccessKeyAsync(call, p, cancellationToken),
            "DeleteAccessKey" => await DeleteAccessKeyAsync(call, p, cancellationToken),
            "UpdateAccessKey" => await UpdateAccessKeyAsync(call, p, cancellationToken),
            "ListAccessKeys" => await ListAccessKeysAsync(call, p, cancellationToken),
            "PutUserPolicy" => await PutUserPolicyAsync(call, p, cancellationToken),
            "GetUserPolicy" => await GetUserPolicyAsync(call, p, cancellationToken),
            "DeleteUserPolicy" => await DeleteUserPolicyAsync(call, p, cancellationToken),
            "ListUserPolicies" => await ListUserPoliciesAsync(call, p, cancellationToken),
            _ => throw IamErrors.InvalidAction(call.Action, p.Version),
        };
    }

    private async Task<Action<QueryXmlWriter>?> CreateUserAsync(QueryCall call, QueryRequest p, CancellationToken cancellationToken)
    {
        var v = new QueryValidator();
        var userName = v.Required("userName", p.Get("UserName"), 1, 64, IamPatterns.Name(), IamPatterns.NameText);
        var path = v.Optional("path", p.Get("Path"), 1, 512, IamPatterns.Path(), IamPatterns.PathText) ?? "/";
        var tags = IamValidation.Tags(v, p);
        if (p.Has("PermissionsBoundary"))
        {
            v.Fail("permissionsBoundary", p.Get("PermissionsBoundary"), "Gatehouse does not support permissions boundaries yet");
        }

        v.ThrowIfInvalid();
        await AuthorizeAsync(call, path, userName!, cancellationToken);
        var user = await iam.CreateUserAsync(userName!, path, tags, cancellationToken);
        return xml => xml.Structure("User", () => IamShapes.User(xml, user, iam.AccountId, withTags: true));
    }

    private async Task<Action<QueryXmlWriter>?> GetUserAsync(QueryCall call, QueryRequest p, CancellationToken cancellationToken)
    {
        var v = new QueryValidator();
        var userName = v.Optional("userName", p.Get("UserName"), 1, 128, IamPatterns.Name(), IamPatterns.NameText);
        v.ThrowIfInvalid();
        if (userName is null && call.Caller is { IsAccountRoot: true } root)
        {
            // The root has no user; IAM answers with the account's own principal.
            return xml =>
            {
                xml.Start("User");
                xml.Element("UserId", root.UserId);
                xml.Element("Arn", root.Arn);
                xml.Element("CreateDate", DateTimeOffset.UnixEpoch);
                xml.End();
            };
        }

        var target = TargetUser(call, userName);
        var user = await AuthorizeAsync(call, null, target, cancellationToken) ?? await iam.GetUserAsync(target, cancellationToken);
        return xml => xml.Structure("User", () => IamShapes.User(xml, user, iam.AccountId, withTags: true));
    }

    private async Task<Action<QueryXmlWriter>?> ListUsersAsync(QueryCall call, QueryRequest p, CancellationToken cancellationToken)
    {
        var v = new QueryValidator();
        var prefix = v.Optional("pathPrefix", p.Get("PathPrefix"), 1, 512, IamPatterns.PathPrefix(), IamPatterns.PathPrefixText) ?? "/";
        var (marker, maxItems) = IamValidation.Paging(v, p);
        v.ThrowIfInvalid();
        Authorize(call, $"arn:aws:iam::{iam.AccountId}:user/*");
        var users = await iam.ListUsersAsync(prefix, cancellationToken);
        var (page, next) = IamPaging.Page(users, u => u.UserName.ToLowerInvariant(), marker, maxItems);
        return xml =>
        {
            xml.List("Users", page, (x, user) => IamShapes.User(x, user, iam.AccountId, withTags: false));
            IamPaging.Write(xml, next);
        };
    }

    private async Task<Action<QueryXmlWriter>?> DeleteUserAsync(QueryCall call, QueryRequest p, CancellationToken cancellationToken)
    {
        var v = new QueryValidator();
        var userName = v.Required("userName", p.Get("UserName"), 1, 128, IamPatterns.Name(), IamPatterns.NameText);
        v.ThrowIfInvalid();
        await AuthorizeAsync(call, null, userName!, cancellationToken);
        await iam.DeleteUserAsync(userName!, cancellationToken);
        return null;
    }

    private async Task<Action<QueryXmlWriter>?> CreateAccessKeyAsync(QueryCall call, QueryRequest p, CancellationToken cancellationToken)
    {
        var v = new QueryValidator();
        var userName = v.Optional("userName", p.Get("UserName"), 1, 128, IamPatterns.Name(), IamPatterns.NameText);
        v.ThrowIfInvalid();
        var target = TargetUser(call, userName);
        var user = await AuthorizeAsync(call, null, target, cancellationToken) ?? await iam.GetUserAsync(target, cancellationToken);
        var (key, secret) = await iam.CreateAccessKeyAsync(user.UserName, null, null, active: true, cancellationToken);
        return xml => xml.Structure("AccessKey", () => IamShapes.NewAccessKey(xml, user.UserName, key, secret));
    }

    private async Task<Action<QueryXmlWriter>?> DeleteAccessKeyAsync(QueryCall call, QueryRequest p, CancellationToken cancellationToken)
    {
        var (user, accessKeyId) = await KeyTargetAsync(call, p, null, cancellationToken);
        await iam.DeleteAccessKeyAsync(user.UserName, accessKeyId, cancellationToken);
        return null;
    }

    private async Task<Action<QueryXmlWriter>?> UpdateAccessKeyAsync(QueryCall call, QueryRequest p, CancellationToken cancellationToken)
    {
        string? status = null;
        var (user, accessKeyId) = await KeyTargetAsync(call, p, v => status = v.OneOf("status", p.Get("Status"), IamPatterns.Statuses, required: true), cancellationToken);
        await iam.UpdateAccessKeyAsync(user.UserName, accessKeyId, status == "Active", cancellationToken);
        return null;
    }

    private async Task<Action<QueryXmlWriter>?> ListAccessKeysAsync(QueryCall call, QueryRequest p, CancellationToken cancellationToken)
    {
        var v = new QueryValidator();
        var userName = v.Optional("userName", p.Get("UserName"), 1, 128, IamPatterns.Name(), IamPatterns.NameText);
        var (marker, maxItems) = IamValidation.Paging(v, p);
        v.ThrowIfInvalid();
        var target = TargetUser(call, userName);
        var user = await AuthorizeAsync(call, null, target, cancellationToken) ?? await iam.GetUserAsync(target, cancellationToken);
        var keys = user.AccessKeys.OrderBy(k => k.AccessKeyId, StringComparer.Ordinal).ToList();
        var (page, next) = IamPaging.Page(keys, k => k.AccessKeyId, marker, maxItems);
        return xml =>
        {
            xml.List("AccessKeyMetadata", page, (x, key) => IamShapes.AccessKeyMetadata(x, user.UserName, key));
            IamPaging.Write(xml, next);
        };
    }

    private async Task<Action<QueryXmlWriter>?> PutUserPolicyAsync(QueryCall call, QueryRequest p, CancellationToken cancellationToken)
    {
        var v = new QueryValidator();
        var userName = v.Required("userName", p.Get("UserName"), 1, 128, IamPatterns.Name(), IamPatterns.NameText);
        var policyName = v.Required("policyName", p.Get("PolicyName"), 1, 128, IamPatterns.Name(), IamPatterns.NameText);
        var document = v.Required("policyDocument", p.Get("PolicyDocument"), 1, 131072, IamPatterns.PolicyDocument(), IamPatterns.PolicyDocumentText);
        v.ThrowIfInvalid();
        await AuthorizeAsync(call, null, userName!, cancellationToken);
        await iam.PutUserPolicyAsync(userName!, policyName!, document!, cancellationToken);
        return null;
    }

    private async Task<Action<QueryXmlWriter>?> GetUserPolicyAsync(QueryCall call, QueryRequest p, CancellationToken cancellationToken)
    {
        var (userName, policyName) = PolicyTarget(p);
        await AuthorizeAsync(call, null, userName, cancellationToken);
        var (user, policy) = await iam.GetUserPolicyAsync(userName, policyName, cancellationToken);
        return xml =>
        {
            xml.Element("UserName", user.UserName);
            xml.Element("PolicyName", policy.PolicyName);
            // IAM returns the document URL-encoded (RFC 3986); the CLI decodes it and prints it as JSON.
            xml.Element("PolicyDocument", Uri.EscapeDataString(policy.Document));
        };
    }

    private async Task<Action<QueryXmlWriter>?> DeleteUserPolicyAsync(QueryCall call, QueryRequest p, CancellationToken cancellationToken)
    {
        var (userName, policyName) = PolicyTarget(p);
        await AuthorizeAsync(call, null, userName, cancellationToken);
        await iam.DeleteUserPolicyAsync(userName, policyName, cancellationToken);
        return null;
    }

    private async Task<Action<QueryXmlWriter>?> ListUserPoliciesAsync(QueryCall call, QueryRequest p, CancellationToken cancellationToken)
    {
        var v = new QueryValidator();
        var userName = v.Required("userName", p.Get("UserName"), 1, 128, IamPatterns.Name(), IamPatterns.NameText);
        var (marker, maxItems) = IamValidation.Paging(v, p);
        v.ThrowIfInvalid();
        var user = await AuthorizeAsync(call, null, userName!, cancellationToken) ?? await iam.GetUserAsync(userName!, cancellationToken);
        var (page, next) = IamPaging.Page(user.Policies, policy => policy.PolicyName, marker, maxItems);
        return xml =>
        {
            xml.StringList("PolicyNames", page.Select(policy => policy.PolicyName));
            IamPaging.Write(xml, next);
        };
    }

    private static (string UserName, string PolicyName) PolicyTarget(QueryRequest p)
    {
        var v = new QueryValidator();
        var userName = v.Required("userName", p.Get("UserName"), 1, 128, IamPatterns.Name(), IamPatterns.NameText);
        var policyName = v.Required("policyName", p.Get("PolicyName"), 1, 128, IamPatterns.Name(), IamPatterns.NameText);
        v.ThrowIfInvalid();
        return (userName!, policyName!);
    }

    private async Task<(IamUserDocument User, string AccessKeyId)> KeyTargetAsync(
        QueryCall call, QueryRequest p, Action<QueryValidator>? more, CancellationToken cancellationToken)
    {
        var v = new QueryValidator();
        var userName = v.Optional("userName", p.Get("UserName"), 1, 128, IamPatterns.Name(), IamPatterns.NameText);
        var accessKeyId = v.Required("accessKeyId", p.Get("AccessKeyId"), 16, 128, IamPatterns.AccessKeyId(), IamPatterns.AccessKeyIdText);
        more?.Invoke(v);
        v.ThrowIfInvalid();
        var target = TargetUser(call, userName);
        var user = await AuthorizeAsync(call, null, target, cancellationToken) ?? await iam.GetUserAsync(target, cancellationToken);
        return (user, accessKeyId!);
    }

    /// <summary>The user an operation concerns: the one named, or else the calling user itself (as IAM does).</summary>
    private static string TargetUser(QueryCall call, string? userName)
    {
        if (userName is not null)
        {
            return userName;
        }

        return call.Caller switch
        {
            { UserName: { } own } => own,
            { IsAccountRoot: true } => throw new AwsException(400, "ValidationError",
                "The account root's access keys are Gatehouse's configuration, not IAM's: give UserName."),
            _ => throw new AwsException(400, "ValidationError", "UserName is required when the request is not signed by an IAM user."),
        };
    }

    /// <summary>
    /// Checks that the caller may run the call's action on the user <paramref name="userName"/>; returns that user's
    /// document when it had to be read to know its ARN (path), null when the caller needs no check.
    /// </summary>
    private async Task<IamUserDocument?> AuthorizeAsync(QueryCall call, string? newUserPath, string userName, CancellationToken cancellationToken)
    {
        if (call.Caller is null || call.Caller.IsAccountRoot)
        {
            return null;
        }

        IamUserDocument? user = null;
        var path = newUserPath;
        if (path is null)
        {
            user = await iam.GetUserAsync(userName, cancellationToken);
            path = user.Path;
            userName = user.UserName;
        }

        Authorize(call, $"arn:aws:iam::{iam.AccountId}:user{path}{userName}");
        return user;
    }

    private void Authorize(QueryCall call, string resource)
    {
        if (call.Caller is not { IsAccountRoot: false } caller)
        {
            return;
        }

        var action = "iam:" + call.Action;
        var decision = PolicyEvaluator.Evaluate(registry.GetPolicies(caller), action, resource, RequestPolicyContext.For(call.HttpContext, caller));
        if (decision != PolicyDecision.Allow)
        {
            throw IamErrors.AccessDenied(caller.Arn, action, resource, decision == PolicyDecision.ExplicitDeny);
        }
    }
}
