using System.Text.RegularExpressions;
using Gatehouse.ControlPlane.ApiGatewayV2;
using Gatehouse.ControlPlane.Protocols;
using Gatehouse.Model.RestApis;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.ControlPlane.ApiGateway;

/// <summary>PutMethod, GetMethod, UpdateMethod and DeleteMethod: a resource's method request.</summary>
internal static partial class MethodOperations
{
    private static readonly string[] AuthorizationTypes = ["NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS"];

    public static async Task PutMethod(HttpContext context, RestApiService service, string restApiId, string resourceId, string httpMethod)
    {
        var input = await RestJson.ReadBodyAsync<PutMethodInput>(context.Request);
        var method = await service.EditAsync(restApiId, edit =>
        {
            var resource = RestTree.Resource(edit.Document, resourceId);
            RestTree.HttpMethod(httpMethod);
            if (resource.ResourceMethods?.ContainsKey(httpMethod) == true)
            {
                throw AwsException.Conflict("Method already exists for this resource");
            }

            var created = new RestMethod
            {
                HttpMethod = httpMethod,
                AuthorizationType = input.AuthorizationType ?? "",
                AuthorizerId = input.AuthorizerId,
                ApiKeyRequired = input.ApiKeyRequired ?? false,
                OperationName = input.OperationName,
                RequestParameters = input.RequestParameters is { Count: > 0 } parameters ? parameters : null,
                RequestModels = input.RequestModels is { Count: > 0 } models ? models : null,
                RequestValidatorId = input.RequestValidatorId,
                AuthorizationScopes = input.AuthorizationScopes is { Count: > 0 } scopes ? scopes : null,
            };
            Validate(edit.Document, created);
            edit.Update(RestTree.WithMethod(edit.Document, resourceId, httpMethod, created));
            return created;
        }, context.RequestAborted);
        await RestJson.WriteAsync(context, 201, method);
    }

    public static async Task GetMethod(HttpContext context, RestApiService service, string restApiId, string resourceId, string httpMethod)
    {
        var document = await service.GetAsync(restApiId, context.RequestAborted);
        await RestJson.WriteAsync(context, 200, RestTree.Method(document, resourceId, httpMethod));
    }

    public static async Task UpdateMethod(HttpContext context, RestApiService service, string restApiId, string resourceId, string httpMethod)
    {
        var input = await RestJson.ReadBodyAsync<PatchInput>(context.Request);
        var method = await service.EditAsync(restApiId, edit =>
        {
            var updated = Patch.Apply(RestTree.Method(edit.Document, resourceId, httpMethod), input.PatchOperations);
            Validate(edit.Document, updated);
            edit.Update(RestTree.WithMethod(edit.Document, resourceId, httpMethod, updated));
            return updated;
        }, context.RequestAborted);
        await RestJson.WriteAsync(context, 200, method);
    }

    public static async Task DeleteMethod(HttpContext context, RestApiService service, string restApiId, string resourceId, string httpMethod)
    {
        await service.EditAsync(restApiId, edit =>
        {
            RestTree.Method(edit.Document, resourceId, httpMethod);
            edit.Update(RestTree.WithMethod(edit.Document, resourceId, httpMethod, null));
            return 0;
        }, context.RequestAborted);
        await RestJson.WriteEmptyAsync(context, 204);
    }

    /// <summary>Every rule of a method request, collected; references to authorizers, validators and models must resolve.</summary>
    internal static void Validate(RestApiDocument document, RestMethod method)
    {
        var validation = new Validation();
        validation.Require(AuthorizationTypes.Contains(method.AuthorizationType),
            $"Invalid authorizationType '{method.AuthorizationType}': must be one of [NONE, AWS_IAM, CUSTOM, COGNITO_USER_POOLS]");
        if (method.AuthorizationType is "CUSTOM" or "COGNITO_USER_POOLS")
        {
            var authorizer = method.AuthorizerId is null ? null : document.Authorizers.FirstOrDefault(a => a.Id == method.AuthorizerId);
            validation.Require(authorizer is not null,
                "Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.");
            validation.Require(authorizer is null || (authorizer.Type == "COGNITO_USER_POOLS") == (method.AuthorizationType == "COGNITO_USER_POOLS"),
                $"Invalid authorizer ID specified: authorizer {method.AuthorizerId} is not of the type {method.AuthorizationType} needs");
        }

        validation.Require(method.AuthorizationScopes is null || method.AuthorizationType == "COGNITO_USER_POOLS",
            "authorizationScopes apply to methods with authorizationType COGNITO_USER_POOLS only");
        validation.Require(method.RequestValidatorId is null || document.RequestValidators.Any(v => v.Id == method.RequestValidatorId),
            "Invalid Request Validator identifier specified");
        foreach (var (contentType, model) in method.RequestModels ?? new Dictionary<string, string>())
        {
            validation.Require(document.Models.Any(m => m.Name == model), $"Invalid model identifier specified: {model}");
            validation.Require(contentType.Length > 0, "Invalid content type specified: a request model needs a content type");
        }

        foreach (var name in (method.RequestParameters ?? new Dictionary<string, bool>()).Keys)
        {
            validation.Require(MethodRequestParameter().IsMatch(name),
                $"Invalid method request parameter '{name}': must be method.request.{{querystring|header|path|multivaluequerystring|multivalueheader}}.{{name}}");
        }

        var names = (method.RequestParameters ?? new Dictionary<string, bool>()).Keys
            .Select(k => k[(k.LastIndexOf('.') + 1)..]).ToList();
        validation.Require(names.Count == names.Distinct(StringComparer.Ordinal).Count() ||
            (method.RequestParameters?.Keys.Any(k => k.Contains(".multivalue", StringComparison.Ordinal)) ?? false),
            "Parameter names must be unique across querystring, header and path");
        validation.ThrowIfAny();
    }

    private static readonly PatchRules<RestMethod> Patch = new PatchRules<RestMethod>("updateMethodInput")
        .On("/authorizationType", PatchOps.Replace, (m, p) => m with
        {
            AuthorizationType = p.Text(),
            AuthorizerId = p.Value is "NONE" or "AWS_IAM" ? null : m.AuthorizerId,
            AuthorizationScopes = p.Value == "COGNITO_USER_POOLS" ? m.AuthorizationScopes : null,
        })
        .On("/authorizerId", PatchOps.Replace, (m, p) => m with { AuthorizerId = p.Value is { Length: > 0 } id ? id : null })
        .On("/apiKeyRequired", PatchOps.Replace, (m, p) => m with { ApiKeyRequired = p.Bool() })
        .On("/requestValidatorId", PatchOps.Replace, (m, p) => m with { RequestValidatorId = p.Value is { Length: > 0 } id ? id : null })
        .On("/operationName", PatchOps.Replace, (m, p) => m with { OperationName = p.Value is { Length: > 0 } name ? name : null })
        .On("/requestParameters/{}", PatchOps.AddRemoveReplace, (m, p) => m with { RequestParameters = Maps.Patch(m.RequestParameters, p, () => p.Value is not null && p.Bool()) })
        .On("/requestModels/{}", PatchOps.AddRemoveReplace, (m, p) => m with { RequestModels = Maps.Patch(m.RequestModels, p, p.Text) })
        .On("/authorizationScopes", PatchOps.AddRemoveReplace, (m, p) =>
        {
            var scopes = (m.AuthorizationScopes ?? []).ToList();
            if (p.Op == PatchOps.Replace)
            {
                scopes = [p.Text()];
            }
            else if (p.IsRemove)
            {
                scopes = p.Value is null ? [] : [.. scopes.Where(s => s != p.Value)];
            }
            else if (!scopes.Contains(p.Text()))
            {
                scopes.Add(p.Text());
            }

            return m with { AuthorizationScopes = scopes.Count == 0 ? null : scopes };
        });

    [GeneratedRegex(@"^method\.request\.(querystring|header|path|multivaluequerystring|multivalueheader)\.[^.\s][^\s]*$")]
    private static partial Regex MethodRequestParameter();
}
