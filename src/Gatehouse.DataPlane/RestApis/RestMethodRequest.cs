using System.Text.Json;
using Gatehouse.DataPlane.Authorization;
using Gatehouse.DataPlane.Integrations.Lambda;
using Gatehouse.DataPlane.RestApis.Mapping;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.DataPlane.RestApis;

/// <summary>
/// What a non-proxy integration reads of the method request (<see cref="MethodRequestData"/>): the client's method,
/// path parameters decoded, query string and headers in the order sent, the body, the stage's variables and the
/// request's <c>$context</c>, authorizer included.
/// </summary>
internal static class RestMethodRequest
{
    public static async Task<MethodRequestData> ReadAsync(HttpContext httpContext, RequestContext context, RestRequestState state)
    {
        var request = httpContext.Request;
        ReadOnlyMemory<byte> body = ReadOnlyMemory<byte>.Empty;
        if (request.ContentLength is not 0)
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, httpContext.RequestAborted);
            body = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        }

        var query = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in request.Query)
        {
            foreach (var value in values)
            {
                query.Add(new(name, value ?? ""));
            }
        }

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values)
            {
                headers.Add(new(name, value ?? ""));
            }
        }

        var method = state.Method!;
        return new MethodRequestData
        {
            HttpMethod = request.Method,
            PathParameters = state.PathParameters.ToDictionary(p => p.Key, p => Uri.UnescapeDataString(p.Value), StringComparer.Ordinal),
            QueryString = query,
            Headers = headers,
            Body = body,
            StageVariables = state.Stage.StageVariables,
            TraceId = context.TraceId,
            ExecutionLog = state.ExecutionLog,
            Context = new RestRequestContext
            {
                RequestId = context.RequestId,
                ExtendedRequestId = context.ExtendedRequestId,
                AccountId = context.AccountId,
                ApiId = context.ApiId,
                DeploymentId = state.Stage.Deployment.DeploymentId,
                DomainName = context.DomainName,
                DomainPrefix = context.DomainPrefix,
                HttpMethod = context.HttpMethod,
                ResourceId = method.ResourceId,
                ResourcePath = method.ResourcePath,
                Path = context.Path,
                Stage = state.Stage.Name,
                RequestTime = RequestTime.Text(context.RequestTimeEpoch),
                RequestTimeEpoch = context.RequestTimeEpoch,
                Identity = new RestIdentity
                {
                    SourceIp = context.SourceIp,
                    UserAgent = context.UserAgent,
                    AccountId = AuthorizerContextJson.IamIdentity(context.Authorizer, "accountId"),
                    Caller = AuthorizerContextJson.IamIdentity(context.Authorizer, "caller"),
                    User = AuthorizerContextJson.IamIdentity(context.Authorizer, "user"),
                    UserArn = AuthorizerContextJson.IamIdentity(context.Authorizer, "userArn"),
                },
                Authorizer = Authorizer(context.Authorizer),
            },
        };
    }

    /// <summary>
    /// <c>$context.authorizer</c> as REST APIs give it: a Lambda authorizer's <c>principalId</c> and context values as
    /// strings, or a Cognito user pool's <c>claims</c>; null without an authorizer.
    /// </summary>
    private static Dictionary<string, object?>? Authorizer(AuthorizerOutput? output)
    {
        switch (output)
        {
            case { Kind: AuthorizerKind.Lambda }:
                var values = new Dictionary<string, object?>(StringComparer.Ordinal) { ["principalId"] = output.PrincipalId };
                if (output.LambdaContext.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in output.LambdaContext.EnumerateObject())
                    {
                        values[property.Name] = output.Variable(property.Name);
                    }
                }

                return values;
            case { Kind: AuthorizerKind.CognitoUserPool or AuthorizerKind.Jwt, Claims: { } claims }:
                return new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["claims"] = claims.ToDictionary(c => c.Key, c => (object?)c.Value, StringComparer.Ordinal),
                };
            case { Kind: AuthorizerKind.Iam }:
                return new Dictionary<string, object?>(StringComparer.Ordinal) { ["principalId"] = output.Caller?.UserId };
            default:
                return null;
        }
    }
}
