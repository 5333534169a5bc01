using System.Diagnostics;
using System.Text;
using Gatehouse.DataPlane.Integrations.Lambda;
using Gatehouse.Observability.AccessLogs;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.DataPlane.Logging;

/// <summary>One finished request's <c>$context</c> values for its stage's access log, read where they live.</summary>
internal readonly struct RequestLogValues(RequestContext context, HttpContext httpContext, long finishedTimestamp) : IAccessLogValues
{
    public bool TryAppend(StringBuilder builder, ContextVariable variable, string? property)
    {
        switch (variable)
        {
            case ContextVariable.AccountId:
                return Append(builder, context.AccountId);
            case ContextVariable.ApiId:
                return Append(builder, context.ApiId);
            case ContextVariable.AuthorizerClaim:
                return property is not null && Append(builder, context.Authorizer?.Variable("claims." + property));
            case ContextVariable.AuthorizerError:
                return Append(builder, context.AuthorizerError);
            case ContextVariable.AuthorizerPrincipalId:
                return Append(builder, context.Authorizer?.Variable("principalId"));
            case ContextVariable.AuthorizerProperty:
                return property is not null && Append(builder, context.Authorizer?.Variable(property));
            case ContextVariable.AwsEndpointRequestId:
            case ContextVariable.IntegrationRequestId:
                return Append(builder, context.IntegrationRequestId);
            case ContextVariable.DataProcessed:
                builder.Append(context.DataProcessed(httpContext));
                return true;
            case ContextVariable.DomainName:
                return Append(builder, context.DomainName);
            case ContextVariable.DomainPrefix:
                return Append(builder, context.DomainPrefix);
            case ContextVariable.ErrorMessage:
                return Append(builder, context.Error?.Message);
            case ContextVariable.ErrorMessageString:
                if (context.Error is not { } error)
                {
                    return false;
                }

                builder.Append('"').Append(error.Message).Append('"');
                return true;
            case ContextVariable.ErrorResponseType:
                return Append(builder, context.Error?.Type);
            case ContextVariable.ExtendedRequestId:
            case ContextVariable.RequestId:
                return Append(builder, context.RequestId);
            case ContextVariable.HttpMethod:
                return Append(builder, context.HttpMethod);
            case ContextVariable.IdentityAccessKey:
                return Append(builder, AuthorizerContextJson.IamIdentity(context.Authorizer, "accessKey"));
            case ContextVariable.IdentityAccountId:
                return Append(builder, AuthorizerContextJson.IamIdentity(context.Authorizer, "accountId"));
            case ContextVariable.IdentityCaller:
                return Append(builder, AuthorizerContextJson.IamIdentity(context.Authorizer, "caller"));
            case ContextVariable.IdentityUser:
                return Append(builder, AuthorizerContextJson.IamIdentity(context.Authorizer, "user"));
            case ContextVariable.IdentityUserArn:
                return Append(builder, AuthorizerContextJson.IamIdentity(context.Authorizer, "userArn"));
            case ContextVariable.IdentitySourceIp:
                return Append(builder, context.SourceIp);
            case ContextVariable.IdentityUserAgent:
                return Append(builder, context.UserAgent);
            case ContextVariable.IntegrationError:
                return Append(builder, context.IntegrationError);
            case ContextVariable.IntegrationLatency:
                return AppendNumber(builder, context.IntegrationLatency, none: -1);
            case ContextVariable.IntegrationServiceStatus:
                return AppendNumber(builder, context.IntegrationServiceStatus, none: 0);
            case ContextVariable.IntegrationStatus:
                return AppendNumber(builder, context.IntegrationStatus, none: 0);
            case ContextVariable.Path:
                return Append(builder, context.Path);
            case ContextVariable.Protocol:
                builder.Append("HTTP/1.1");
                return true;
            case ContextVariable.RequestTime:
                builder.Append(RequestTime.Text(context.RequestTimeEpoch));
                return true;
            case ContextVariable.RequestTimeEpoch:
                builder.Append(context.RequestTimeEpoch);
                return true;
            case ContextVariable.ResponseLatency:
                builder.Append((long)Stopwatch.GetElapsedTime(context.ReceivedTimestamp, finishedTimestamp).TotalMilliseconds);
                return true;
            case ContextVariable.ResponseLength:
                builder.Append(context.ResponseBytes(httpContext));
                return true;
            case ContextVariable.RouteKey:
                return Append(builder, context.Route?.RouteKey.Text);
            case ContextVariable.Stage:
                return Append(builder, context.Stage?.Name);
            case ContextVariable.Status:
                builder.Append(httpContext.Response.StatusCode);
                return true;
            default:
                // Cognito identities, client certificates, custom domains and AWS endpoint ids: not known to Gatehouse's HTTP APIs.
                return false;
        }
    }

    private static bool Append(StringBuilder builder, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        builder.Append(value);
        return true;
    }

    private static bool AppendNumber(StringBuilder builder, int value, int none)
    {
        if (value == none)
        {
            return false;
        }

        builder.Append(value);
        return true;
    }
}
