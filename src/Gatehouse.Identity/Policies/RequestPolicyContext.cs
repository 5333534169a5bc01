using Gatehouse.Identity;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.Identity.Policies;

/// <summary>The condition keys IAM would know about a control-plane request: source address, user agent, transport, principal.</summary>
public static class RequestPolicyContext
{
    public static PolicyContext For(HttpContext context, CallerIdentity caller)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(caller);
        var values = new List<KeyValuePair<string, string>>
        {
            new(PolicyContext.SecureTransport, context.Request.IsHttps ? "true" : "false"),
            new(PolicyContext.PrincipalArn, caller.Arn),
            new(PolicyContext.PrincipalAccount, caller.AccountId),
            new(PolicyContext.UserId, caller.UserId),
        };
        if (context.Connection.RemoteIpAddress is { } address)
        {
            values.Add(new(PolicyContext.SourceIp, (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString()));
        }

        if (context.Request.Headers.UserAgent.ToString() is { Length: > 0 } userAgent)
        {
            values.Add(new(PolicyContext.UserAgent, userAgent));
        }

        if (caller.UserName is { } userName)
        {
            values.Add(new(PolicyContext.UserName, userName));
        }

        return new PolicyContext(values);
    }
}
