using System.Text.RegularExpressions;
using Gatehouse.ControlPlane.ApiGatewayV2;
using Gatehouse.ControlPlane.Protocols;
using Gatehouse.Model.RestApis;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.ControlPlane.ApiGateway;

/// <summary>PutIntegrationResponse, GetIntegrationResponse, UpdateIntegrationResponse and DeleteIntegrationResponse.</summary>
internal static partial class IntegrationResponseOperations
{
    public static async Task PutIntegrationResponse(HttpContext context, RestApiService service, string restApiId, string resourceId, string httpMethod, string statusCode)
    {
        var input = await RestJson.ReadBodyAsync<PutIntegrationResponseInput>(context.Request);
        RestTree.StatusCode(statusCode);
        var response = await service.EditAsync(restApiId, edit =>
        {
            var method = RestTree.Method(edit.Document, resourceId, httpMethod);
            var integration = method.MethodIntegration ?? throw RestErrors.IntegrationNotFound();
            var created = new IntegrationResponse
            {
                StatusCode = statusCode,
                SelectionPattern = input.SelectionPattern,
                ResponseParameters = input.ResponseParameters is { Count: > 0 } parameters ? parameters : null,
                ResponseTemplates = input.ResponseTemplates is { Count: > 0 } templates ? templates : null,
                ContentHandling = input.ContentHandling,
            };
            Validate(created);
            edit.Update(RestTree.WithMethod(edit.Document, resourceId, httpMethod, method with
            {
                MethodIntegration = integration with { IntegrationResponses = Maps.With(integration.IntegrationResponses, statusCode, created) },
            }));
            return created;
        }, context.RequestAborted);
        await RestJson.WriteAsync(context, 201, response);
    }

    public static async Task GetIntegrationResponse(HttpContext context, RestApiService service, string restApiId, string resourceId, string httpMethod, string statusCode)
    {
        RestTree.StatusCode(statusCode);
        var document = await service.GetAsync(restApiId, context.RequestAborted);
        var integration = RestTree.Integration(document, resourceId, httpMethod);
        await RestJson.WriteAsync(context, 200, integration.IntegrationResponses?.GetValueOrDefault(statusCode) ?? throw RestErrors.ResponseNotFound());
    }

    public static async Task UpdateIntegrationResponse(HttpContext context, RestApiService service, string restApiId, string resourceId, string httpMethod, string statusCode)
    {
        var input = await RestJson.ReadBodyAsync<PatchInput>(context.Request);
        Patch.Validate(input.PatchOperations, RestTree.StatusCodeErrors(statusCode));
        var response = await service.EditAsync(restApiId, edit =>
        {
            var method = RestTree.Method(edit.Document, resourceId, httpMethod);
            var integration = method.MethodIntegration ?? throw RestErrors.IntegrationNotFound();
            var current = integration.IntegrationResponses?.GetValueOrDefault(statusCode) ?? throw RestErrors.ResponseNotFound();
            var updated = Patch.Apply(current, input.PatchOperations);
            Validate(updated);
            edit.Update(RestTree.WithMethod(edit.Document, resourceId, httpMethod, method with
            {
                MethodIntegration = integration with { IntegrationResponses = Maps.With(integration.IntegrationResponses, statusCode, updated) },
            }));
            return updated;
        }, context.RequestAborted);
        await RestJson.WriteAsync(context, 200, response);
    }

    public static async Task DeleteIntegrationResponse(HttpContext context, RestApiService service, string restApiId, string resourceId, string httpMethod, string statusCode)
    {
        RestTree.StatusCode(statusCode);
        await service.EditAsync(restApiId, edit =>
        {
            var method = RestTree.Method(edit.Document, resourceId, httpMethod);
            var integration = method.MethodIntegration ?? throw RestErrors.IntegrationNotFound();
            if (integration.IntegrationResponses?.ContainsKey(statusCode) != true)
            {
                throw RestErrors.ResponseNotFound();
            }

            edit.Update(RestTree.WithMethod(edit.Document, resourceId, httpMethod, method with
            {
                MethodIntegration = integration with { IntegrationResponses = Maps.Without(integration.IntegrationResponses, statusCode) },
            }));
            return 0;
        }, context.RequestAborted);
        await RestJson.WriteEmptyAsync(context, 204);
    }

    internal static void Validate(IntegrationResponse response)
    {
        var validation = new Validation();
        if (response.SelectionPattern is { Length: > 0 } pattern)
        {
            try
            {
                _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException)
            {
                validation.Add($"Invalid selection pattern specified: {pattern}");
            }
        }

        validation.Require(response.ResponseTemplates?.Values.All(v => v is not null) ?? true, "Invalid null or empty value in responseTemplates");
        foreach (var (target, source) in response.ResponseParameters ?? new Dictionary<string, string>())
        {
            validation.Require(!string.IsNullOrEmpty(source), "Invalid null or empty value in responseParameters");
            validation.Require(ResponseTarget().IsMatch(target), "Invalid parameter name specified");
            validation.Require(string.IsNullOrEmpty(source) || ResponseSource().IsMatch(source),
                $"Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression specified: {source}]");
        }

        validation.Require(response.ContentHandling is null || IntegrationOperations.ContentHandlings.Contains(response.ContentHandling),
            $"Invalid content handling '{response.ContentHandling}': must be one of [CONVERT_TO_BINARY, CONVERT_TO_TEXT]");
        validation.ThrowIfAny();
    }

    private static readonly PatchRules<IntegrationResponse> Patch = new PatchRules<IntegrationResponse>("updateIntegrationResponseInput")
        .On("/selectionPattern", PatchOps.Replace, (r, p) => r with { SelectionPattern = p.Value })
        .On("/contentHandling", PatchOps.Replace, (r, p) => r with { ContentHandling = p.Value is { Length: > 0 } v ? v : null })
        .On("/responseParameters/{}", PatchOps.AddRemoveReplace, (r, p) => r with { ResponseParameters = Maps.Patch(r.ResponseParameters, p, p.Text) })
        .On("/responseTemplates/{}", PatchOps.AddRemoveReplace, (r, p) => r with { ResponseTemplates = Maps.Patch(r.ResponseTemplates, p, () => p.Value ?? "") });

    [GeneratedRegex(@"^method\.response\.header\.[A-Za-z0-9!#$%&'*+.^_`|~-]+$")]
    private static partial Regex ResponseTarget();

    [GeneratedRegex(@"^('.*'|integration\.response\.(header\.[^\s]+|multivalueheader\.[^\s]+|body(\.[^\s]+)?)|stageVariables\.[^\s]+|context\.[^\s]+)$")]
    private static partial Regex ResponseSource();
}
