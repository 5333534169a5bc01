using Gatehouse.ControlPlane.Protocols;
using Gatehouse.Model;
using Gatehouse.Model.RestApis;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.ControlPlane.ApiGateway;

/// <summary>CreateRequestValidator, GetRequestValidator(s), UpdateRequestValidator and DeleteRequestValidator.</summary>
internal static class RequestValidatorOperations
{
    public static async Task CreateRequestValidator(HttpContext context, RestApiService service, string restApiId)
    {
        var input = await RestJson.ReadBodyAsync<CreateRequestValidatorInput>(context.Request);
        if (await service.Store.GetRestApiAsync(restApiId, context.RequestAborted) is null)
        {
            // AWS answers this operation's unknown API with a 400 of its own (recorded), not the usual 404.
            throw AwsException.BadRequest("Invalid REST API identifier specified");
        }

        var validator = await service.EditAsync(restApiId, edit =>
        {
            if (input.Name is { } name && string.IsNullOrWhiteSpace(name))
            {
                throw AwsException.BadRequest("Request Validator name cannot be blank");
            }

            var created = new RequestValidator
            {
                Id = Ids.NewResourceId(),
                Name = input.Name,
                ValidateRequestBody = input.ValidateRequestBody ?? false,
                ValidateRequestParameters = input.ValidateRequestParameters ?? false,
            };
            edit.Update(edit.Document with { RequestValidators = [.. edit.Document.RequestValidators, created] });
            return created;
        }, context.RequestAborted);
        await RestJson.WriteAsync(context, 201, validator);
    }

    public static async Task GetRequestValidator(HttpContext context, RestApiService service, string restApiId, string requestValidatorId)
    {
        var document = await service.GetAsync(restApiId, context.RequestAborted);
        await RestJson.WriteAsync(context, 200, Find(document, requestValidatorId));
    }

    public static async Task GetRequestValidators(HttpContext context, RestApiService service, string restApiId)
    {
        var document = await service.GetAsync(restApiId, context.RequestAborted);
        await RestJson.WriteAsync(context, 200, RestPagination.Apply(context.Request, document.RequestValidators));
    }

    public static async Task UpdateRequestValidator(HttpContext context, RestApiService service, string restApiId, string requestValidatorId)
    {
        var input = await RestJson.ReadBodyAsync<PatchInput>(context.Request);
        var validator = await service.EditAsync(restApiId, edit =>
        {
            var current = Find(edit.Document, requestValidatorId);
            var updated = Patch.Apply(current, input.PatchOperations);
            edit.Update(edit.Document with { RequestValidators = [.. edit.Document.RequestValidators.Select(v => v.Id == current.Id ? updated : v)] });
            return updated;
        }, context.RequestAborted);
        await RestJson.WriteAsync(context, 200, validator);
    }

    public static async Task DeleteRequestValidator(HttpContext context, RestApiService service, string restApiId, string requestValidatorId)
    {
        await service.EditAsync(restApiId, edit =>
        {
            var validator = Find(edit.Document, requestValidatorId);
            // Methods that named the validator stop validating, as on AWS.
            var resources = edit.Document.Resources.Select(r => r.ResourceMethods is not { } methods ? r : r with
            {
                ResourceMethods = methods.ToDictionary(m => m.Key, m => m.Value.RequestValidatorId == validator.Id ? m.Value with { RequestValidatorId = null } : m.Value, StringComparer.Ordinal),
            });
            edit.Update(edit.Document with
            {
                RequestValidators = [.. edit.Document.RequestValidators.Where(v => v.Id != validator.Id)],
                Resources = [.. resources],
            });
            return 0;
        }, context.RequestAborted);
        await RestJson.WriteEmptyAsync(context, 202);
    }

    private static RequestValidator Find(RestApiDocument document, string id) =>
        document.RequestValidators.FirstOrDefault(v => v.Id == id) ?? throw RestErrors.ValidatorNotFound();

    // A value-less replace of a flag sets it false (recorded: "update-request-validator-without-value").
    private static readonly PatchRules<RequestValidator> Patch = new PatchRules<RequestValidator>("updateRequestValidatorInput")
        .On("/name", PatchOps.Replace, (v, p) => v with
        {
            Name = p.Value is { } name && !string.IsNullOrWhiteSpace(name) ? name : throw AwsException.BadRequest("Request Validator name cannot be blank"),
        })
        .On("/validateRequestBody", PatchOps.Replace, (v, p) => v with { ValidateRequestBody = p.Value is not null && p.Bool() })
        .On("/validateRequestParameters", PatchOps.Replace, (v, p) => v with { ValidateRequestParameters = p.Value is not null && p.Bool() })
        .InvalidPath((op, path) => op == PatchOps.Replace
            ? $"Invalid patch path  '{path}' specified for op 'replace'. Must be one of: [/name, /validateRequestParameters, /validateRequestBody]"
            : $"Invalid patch path  '{path}' specified for op '{PatchOpNames.Names(op).FirstOrDefault()}'. Please choose supported operations")
        .InvalidOp((op, path, _) => $"Invalid patch path  '{path}' specified for op '{PatchOpNames.Names(op).First()}'. Please choose supported operations");
}
