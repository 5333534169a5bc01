using System.Globalization;
using Gatehouse.Templates;

namespace Gatehouse.DataPlane.RestApis.Mapping;

/// <summary>
/// The <c>$context</c> map a mapping template sees and the <c>context.x</c> values a parameter mapping reads, both
/// from one <see cref="RestRequestContext"/>. REST APIs hand a Lambda authorizer's context values to templates and
/// mappings as strings (<c>1</c>, <c>true</c>): facts §6.2.
/// </summary>
public static class ContextVariables
{
    /// <summary>A fresh <c>$context</c> map (a render writes its overrides into it, so one per render).</summary>
    public static TemplateMap ToTemplateMap(RestRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var map = new TemplateMap();
        Put(map, "accountId", context.AccountId);
        Put(map, "apiId", context.ApiId);
        Put(map, "deploymentId", context.DeploymentId);
        Put(map, "domainName", context.DomainName);
        Put(map, "domainPrefix", context.DomainPrefix);
        Put(map, "extendedRequestId", context.ExtendedRequestId ?? context.RequestId);
        Put(map, "httpMethod", context.HttpMethod);
        Put(map, "isCanaryRequest", context.IsCanaryRequest ? "true" : "false");
        Put(map, "path", context.Path);
        Put(map, "protocol", context.Protocol);
        Put(map, "requestId", context.RequestId);
        Put(map, "requestTime", context.RequestTime);
        Put(map, "requestTimeEpoch", context.RequestTimeEpoch.ToString(CultureInfo.InvariantCulture));
        Put(map, "resourceId", context.ResourceId);
        Put(map, "resourcePath", context.ResourcePath);
        Put(map, "stage", context.Stage);

        var identity = new TemplateMap();
        var id = context.Identity;
        Put(identity, "accountId", id.AccountId);
        Put(identity, "apiKey", id.ApiKey);
        Put(identity, "apiKeyId", id.ApiKeyId);
        Put(identity, "caller", id.Caller);
        Put(identity, "cognitoAuthenticationProvider", id.CognitoAuthenticationProvider);
        Put(identity, "cognitoAuthenticationType", id.CognitoAuthenticationType);
        Put(identity, "cognitoIdentityId", id.CognitoIdentityId);
        Put(identity, "cognitoIdentityPoolId", id.CognitoIdentityPoolId);
        Put(identity, "principalOrgId", id.PrincipalOrgId);
        Put(identity, "sourceIp", id.SourceIp);
        Put(identity, "user", id.User);
        Put(identity, "userAgent", id.UserAgent);
        Put(identity, "userArn", id.UserArn);
        map["identity"] = identity;

        if (context.Authorizer is { } authorizer)
        {
            map["authorizer"] = AuthorizerMap(authorizer, 0);
        }

        return map;
    }

    /// <summary>
    /// The value of <c>context.{path}</c> (e.g. <c>requestId</c>, <c>identity.sourceIp</c>,
    /// <c>authorizer.claims.email</c>) in <paramref name="map"/>, or null when absent or not a single value.
    /// </summary>
    public static string? Lookup(TemplateMap map, string path)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(path);
        object? current = map;
        foreach (var segment in path.Split('.'))
        {
            if (current is not TemplateMap level || !level.TryGetValue(segment, out current))
            {
                return null;
            }
        }

        return current switch
        {
            string s => s,
            long l => l.ToString(CultureInfo.InvariantCulture),
            bool b => b ? "true" : "false",
            double d => d.ToString(CultureInfo.InvariantCulture),
            _ => null,
        };
    }

    private static TemplateMap AuthorizerMap(IReadOnlyDictionary<string, object?> values, int depth)
    {
        var map = new TemplateMap();
        foreach (var (key, value) in values)
        {
            switch (value)
            {
                case null:
                    break;
                case IReadOnlyDictionary<string, object?> nested when depth < 8:
                    map[key] = AuthorizerMap(nested, depth + 1);
                    break;
                case IReadOnlyDictionary<string, string> strings:
                    map[key] = TemplateMap.From(strings);
                    break;
                case bool b:
                    map[key] = b ? "true" : "false";
                    break;
                case IFormattable formattable:
                    map[key] = formattable.ToString(null, CultureInfo.InvariantCulture);
                    break;
                default:
                    map[key] = value.ToString();
                    break;
            }
        }

        return map;
    }

    private static void Put(TemplateMap map, string key, string? value)
    {
        if (value is not null)
        {
            map[key] = value;
        }
    }
}
