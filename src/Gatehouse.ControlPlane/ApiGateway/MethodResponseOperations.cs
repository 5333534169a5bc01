using System.Text.RegularExpressions;
using Gatehouse.ControlPlane.ApiGatewayV2;
using Gatehouse.ControlPlane.Protocols;
using Gatehouse.Model.RestApis;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.ControlPlane.ApiGateway;

/// <summary>PutMethodResponse, GetMethodResponse, UpdateMethodResponse and DeleteMethodResponse.</summary>
internal static partial class MethodResponseOperations
{
    public static async Task PutMethodResponse(HttpContext context, RestApiService service, string restApiId, string resourceId, string httpMethod, string statusCode)
    {
        var input = await RestJson.ReadBodyAsync<PutMethodResponseInput>(context.Request);
        RestTree.StatusCode(statusCode);
        var response = await service.EditAsync(restApiId, edit =>
        {
            var method = RestTree.Method(edit.Document, resourceId, httpMethod);
            var created = new MethodResponse
            {
                StatusCode = statusCode,
                ResponseParameters = input.ResponseParameters is { Count: > 0 } parameters ? parameters : null,
                ResponseModels = input.ResponseModels is { Count: > 0 } models ? models : null,
            };
            Validate(edit.Document, created);
            edit.Update(RestTree.WithMethod(edit.Document, resourceId, httpMethod,
                method with { MethodResponses = Maps.With(method.MethodResponses, statusCode, created) }));
            return created;
        }, context.RequestAborted);
        await RestJson.WriteAsync(context, 201, response);
    }

    public static async Task GetMethodResponse(HttpContext context, RestApiService service, string restApiId, string resourceId, string httpMethod, string statusCode)
    {
        RestTree.StatusCode(statusCode);
        var document = await service.GetAsync(restApiId, context.RequestAborted);
        var method = RestTree.Method(document, resourceId, httpMethod);
        await RestJson.WriteAsync(context, 200, method.MethodResponses?.GetValueOrDefault(statusCode) ?? throw RestErrors.ResponseNotFound());
    }

    public static async Task UpdateMethodResponse(HttpContext context, RestApiService service, string restApiId, string resourceId, string httpMethod, string statusCode)
    {
        var input = await RestJson.ReadBodyAsync<PatchInput>(context.Request);
        Patch.Validate(input.PatchOperations, RestTree.StatusCodeErrors(statusCode));
        var response = await service.EditAsync(restApiId, edit =>
        {
            var method = RestTree.Method(edit.Document, resourceId, httpMethod);
            var current = method.MethodResponses?.GetValueOrDefault(statusCode) ?? throw RestErrors.ResponseNotFound();
            var updated = Patch.Apply(current, input.PatchOperations);
            Validate(edit.Document, updated);
            edit.Update(RestTree.WithMethod(edit.Document, resourceId, httpMethod,
                method with { MethodResponses = Maps.With(method.MethodResponses, statusCode, updated) }));
            return updated;
        }, context.RequestAborted);
        await RestJson.WriteAsync(context, 201, response);
    }

    public static async Task DeleteMethodResponse(HttpContext context, RestApiService service, string restApiId, string resourceId, string httpMethod, string statusCode)
    {
        RestTree.StatusCode(statusCode);
        await service.EditAsync(restApiId, edit =>
        {
            var method = RestTree.Method(edit.Document, resourceId, httpMethod);
            if (method.MethodResponses?.ContainsKey(statusCode) != true)
            {
                throw RestErrors.ResponseNotFound();
            }

            edit.Update(RestTree.WithMethod(edit.Document, resourceId, httpMethod,
                method with { MethodResponses = Maps.Without(method.MethodResponses, statusCode) }));
            return 0;
        }, context.RequestAborted);
        await RestJson.WriteEmptyAsync(context, 204);
    }

    internal static void Validate(RestApiDocument document, MethodResponse response)
    {
        var validation = new Validation();
        foreach (var name in (response.ResponseParameters ?? new Dictionary<string, bool>()).Keys)
        {
            validation.Require(ResponseHeader().IsMatch(name), "Invalid parameter name specified");
        }

        foreach (var model in (response.ResponseModels ?? new Dictionary<string, string>()).Values)
        {
            validation.Require(document.Models.Any(m => m.Name == model), $"Invalid model identifier specified: {model}");
        }

        validation.ThrowIfAny();
    }

    private static readonly PatchRules<MethodResponse> Patch = new PatchRules<MethodResponse>("updateMethodResponseInput")
        .On("/responseParameters/{}", PatchOps.AddRemoveReplace, (r, p) => r with
        {
            ResponseParameters = Maps.PatchExisting(r.ResponseParameters, p, () => p.Value is not null && p.Bool(),
                static () => AwsException.NotFound("Invalid parameter name specified")),
        })
        .On("/responseModels/{}", PatchOps.AddRemoveReplace, (r, p) => r with
        {
            ResponseModels = Maps.PatchExisting(r.ResponseModels, p, p.Text, static () => AwsException.NotFound("Content-Type specified was not found")),
        });

    [GeneratedRegex(@"^method\.response\.header\.[A-Za-z0-9!#$%&'*+.^_`|~-]+$")]
    private static partial Regex ResponseHeader();
}
