using System.Text.RegularExpressions;
using Gatehouse.ControlPlane.ApiGatewayV2;
using Gatehouse.ControlPlane.Protocols;
using Gatehouse.Model;
using Gatehouse.Model.RestApis;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.ControlPlane.ApiGateway;

/// <summary>CreateAuthorizer, GetAuthorizer(s), UpdateAuthorizer and DeleteAuthorizer: TOKEN, REQUEST and COGNITO_USER_POOLS.</summary>
internal static partial class AuthorizerOperations
{
    public const int DefaultTtl = 300;
    public const int MaxTtl = 3600;

    public static async Task CreateAuthorizer(HttpContext context, RestApiService service, string restApiId)
    {
        var input = await RestJson.ReadBodyAsync<CreateAuthorizerInput>(context.Request);
        var authorizer = new RestAuthorizer
        {
            Id = Ids.NewResourceId(),
            Name = input.Name ?? "",
            Type = input.Type ?? "",
            ProviderARNs = input.ProviderARNs is { Count: > 0 } arns ? arns : null,
            AuthType = input.AuthType,
            AuthorizerUri = input.AuthorizerUri,
            AuthorizerCredentials = input.AuthorizerCredentials,
            IdentitySource = input.IdentitySource,
            IdentityValidationExpression = input.IdentityValidationExpression,
            AuthorizerResultTtlInSeconds = input.AuthorizerResultTtlInSeconds ?? (input.Type == "COGNITO_USER_POOLS" ? null : DefaultTtl),
        };
        Validate(authorizer);
        await service.EditAsync(restApiId, edit =>
        {
            edit.Update(edit.Document with { Authorizers = [.. edit.Document.Authorizers, authorizer] });
            return 0;
        }, context.RequestAborted);
        await RestJson.WriteAsync(context, 201, authorizer);
    }

    public static async Task GetAuthorizer(HttpContext context, RestApiService service, string restApiId, string authorizerId)
    {
        var document = await service.GetAsync(restApiId, context.RequestAborted);
        await RestJson.WriteAsync(context, 200, Find(document, authorizerId));
    }

    public static async Task GetAuthorizers(HttpContext context, RestApiService service, string restApiId)
    {
        var document = await service.GetAsync(restApiId, context.RequestAborted);
        await RestJson.WriteAsync(context, 200, RestPagination.Apply(context.Request, document.Authorizers));
    }

    public static async Task UpdateAuthorizer(HttpContext context, RestApiService service, string restApiId, string authorizerId)
    {
        var input = await RestJson.ReadBodyAsync<PatchInput>(context.Request);
        var authorizer = await service.EditAsync(restApiId, edit =>
        {
            var current = Find(edit.Document, authorizerId);
            var updated = Patch.Apply(current, input.PatchOperations);
            Validate(updated);
            edit.Update(edit.Document with { Authorizers = [.. edit.Document.Authorizers.Select(a => a.Id == current.Id ? updated : a)] });
            return updated;
        }, context.RequestAborted);
        await RestJson.WriteAsync(context, 200, authorizer);
    }

    public static async Task DeleteAuthorizer(HttpContext context, RestApiService service, string restApiId, string authorizerId)
    {
        await service.EditAsync(restApiId, edit =>
        {
            var authorizer = Find(edit.Document, authorizerId);
            foreach (var resource in edit.Document.Resources)
            {
                foreach (var (verb, method) in resource.ResourceMethods ?? new Dictionary<string, RestMethod>())
                {
                    if (method.AuthorizerId == authorizer.Id)
                    {
                        throw AwsException.Conflict($"Cannot delete authorizer '{authorizer.Name}', is referenced in method: {verb}:{edit.Document.PathOf(resource)}");
                    }
                }
            }

            edit.Update(edit.Document with { Authorizers = [.. edit.Document.Authorizers.Where(a => a.Id != authorizer.Id)] });
            return 0;
        }, context.RequestAborted);
        await RestJson.WriteEmptyAsync(context, 202);
    }

    private static RestAuthorizer Find(RestApiDocument document, string id) =>
        document.Authorizers.FirstOrDefault(a => a.Id == id) ?? throw RestErrors.AuthorizerNotFound();

    /// <summary>AWS's rules per authorizer type, every problem collected.</summary>
    internal static void Validate(RestAuthorizer authorizer)
    {
        var validation = new Validation();
        validation.Require(authorizer.Name.Length > 0, "Authorizer name must be non-empty");
        validation.Require(authorizer.AuthorizerResultTtlInSeconds is null or >= 0 and <= MaxTtl,
            $"Invalid authorizerResultTtlInSeconds {authorizer.AuthorizerResultTtlInSeconds}: must be between 0 and {MaxTtl}");
        switch (authorizer.Type)
        {
            case "TOKEN" or "REQUEST":
                validation.Require(authorizer.AuthorizerUri is not null && LambdaInvocationUri().IsMatch(authorizer.AuthorizerUri),
                    $"Invalid Authorizer URI: {authorizer.AuthorizerUri}. Authorizer URI should be a valid API Gateway ARN that represents a Lambda function invocation.");
                validation.Require(authorizer.ProviderARNs is null, "providerARNs apply to COGNITO_USER_POOLS authorizers only");
                if (authorizer.Type == "TOKEN")
                {
                    validation.Require(authorizer.IdentitySource is not null && HeaderSource().IsMatch(authorizer.IdentitySource),
                        $"Invalid identity source '{authorizer.IdentitySource}': a TOKEN authorizer reads one header, method.request.header.{{name}}");
                    if (authorizer.IdentityValidationExpression is { Length: > 0 } expression)
                    {
                        validation.Require(IsRegex(expression), $"Invalid identity validation expression specified: {expression}");
                    }
                }
                else
                {
                    validation.Require(authorizer.IdentityValidationExpression is null, "identityValidationExpression applies to TOKEN authorizers only");
                    var sources = (authorizer.IdentitySource ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                    validation.Require(sources.Length > 0 || authorizer.AuthorizerResultTtlInSeconds == 0,
                        "Identity source must be specified for a REQUEST authorizer when caching is enabled");
                    foreach (var source in sources)
                    {
                        validation.Require(RequestSource().IsMatch(source), $"Invalid identity source specified: {source}");
                    }
                }

                break;
            case "COGNITO_USER_POOLS":
                validation.Require(authorizer.ProviderARNs is { Count: > 0 }, "providerARNs must be specified for a COGNITO_USER_POOLS authorizer");
                foreach (var arn in authorizer.ProviderARNs ?? [])
                {
                    validation.Require(UserPoolArn().IsMatch(arn), $"Invalid ARN specified in the request: {arn}");
                }

                validation.Require(authorizer.IdentitySource is not null && HeaderSource().IsMatch(authorizer.IdentitySource),
                    $"Invalid identity source '{authorizer.IdentitySource}': a COGNITO_USER_POOLS authorizer reads one header, method.request.header.{{name}}");
                validation.Require(authorizer.AuthorizerUri is null, "authorizerUri applies to TOKEN and REQUEST authorizers only");
                break;
            default:
                validation.Add($"Invalid authorizer type '{authorizer.Type}': must be one of [TOKEN, REQUEST, COGNITO_USER_POOLS]");
                break;
        }

        validation.ThrowIfAny();
    }

    private static bool IsRegex(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static readonly PatchRules<RestAuthorizer> Patch = new PatchRules<RestAuthorizer>("updateAuthorizerInput")
        .On("/name", PatchOps.Replace, (a, p) => a with { Name = p.Value ?? "" })
        .On("/type", PatchOps.Replace, (a, p) => a with { Type = p.Text() })
        .On("/authType", PatchOps.Replace, (a, p) => a with { AuthType = p.Value is { Length: > 0 } v ? v : null })
        .On("/authorizerUri", PatchOps.Replace, (a, p) => a with { AuthorizerUri = p.Value is { Length: > 0 } v ? v : null })
        .On("/authorizerCredentials", PatchOps.Replace, (a, p) => a with { AuthorizerCredentials = p.Value is { Length: > 0 } v ? v : null })
        .On("/identitySource", PatchOps.Replace, (a, p) => a with { IdentitySource = p.Value is { Length: > 0 } v ? v : null })
        .On("/identityValidationExpression", PatchOps.Replace, (a, p) => a with { IdentityValidationExpression = p.Value is { Length: > 0 } v ? v : null })
        .On("/authorizerResultTtlInSeconds", PatchOps.Replace, (a, p) => a with { AuthorizerResultTtlInSeconds = p.WholeNumber(0, MaxTtl) })
        .On("/providerARNs", PatchOps.Add | PatchOps.Remove, (a, p) =>
        {
            var arns = (a.ProviderARNs ?? []).ToList();
            if (p.IsRemove)
            {
                arns.Remove(p.Text());
            }
            else if (!arns.Contains(p.Text()))
            {
                arns.Add(p.Text());
            }

            return a with { ProviderARNs = arns.Count == 0 ? null : arns };
        });

    [GeneratedRegex(@"^arn:aws[a-z-]*:apigateway:[a-z0-9-]+:lambda:path/2015-03-31/functions/arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9$_-]+)?/invocations$")]
    private static partial Regex LambdaInvocationUri();

    [GeneratedRegex(@"^method\.request\.header\.[A-Za-z0-9!#$%&'*+.^_`|~-]+$")]
    private static partial Regex HeaderSource();

    [GeneratedRegex(@"^(method\.request\.(header|querystring|multivalueheader|multivaluequerystring|path)\.[^\s,]+|stageVariables\.[^\s,]+|context\.[^\s,]+)$")]
    private static partial Regex RequestSource();

    [GeneratedRegex(@"^arn:aws[a-z-]*:cognito-idp:[a-z0-9-]+:\d{12}:userpool/[A-Za-z0-9_-]+$")]
    private static partial Regex UserPoolArn();
}
