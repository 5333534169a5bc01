using System.Text.Json;
using System.Text.RegularExpressions;
using Gatehouse.ControlPlane.Protocols;
using Gatehouse.Model;
using Gatehouse.Model.RestApis;
using Gatehouse.Model.RestApis.Schemas;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.ControlPlane.ApiGateway;

/// <summary>CreateModel, GetModel(s), UpdateModel and DeleteModel: JSON Schema (draft 4) models, addressed by name.</summary>
internal static partial class ModelOperations
{
    /// <summary>The two models AWS creates with every REST API.</summary>
    public static IReadOnlyList<RestModel> DefaultModels() =>
    [
        new()
        {
            Id = Ids.NewResourceId(),
            Name = "Empty",
            ContentType = "application/json",
            Description = "This is a default empty schema model",
            Schema = "{\n  \"$schema\": \"http://json-schema.org/draft-04/schema#\",\n  \"title\" : \"Empty Schema\",\n  \"type\" : \"object\"\n}",
        },
        new()
        {
            Id = Ids.NewResourceId(),
            Name = "Error",
            ContentType = "application/json",
            Description = "This is a default error schema model",
            Schema = "{\n  \"$schema\" : \"http://json-schema.org/draft-04/schema#\",\n  \"title\" : \"Error Schema\",\n  \"type\" : \"object\",\n  \"properties\" : {\n    \"message\" : { \"type\" : \"string\" }\n  }\n}",
        },
    ];

    public static async Task CreateModel(HttpContext context, RestApiService service, string restApiId)
    {
        var input = await RestJson.ReadBodyAsync<CreateModelInput>(context.Request);
        var model = await service.EditAsync(restApiId, edit =>
        {
            if (string.IsNullOrEmpty(input.Name))
            {
                throw AwsException.BadRequest("Model name must be non-empty");
            }

            if (!ModelName().IsMatch(input.Name))
            {
                throw AwsException.BadRequest($"Invalid model name specified: {input.Name}. Model names must be alphanumeric");
            }

            if (edit.Document.Models.Any(m => m.Name == input.Name))
            {
                throw AwsException.Conflict("Model name already exists for this REST API");
            }

            if (string.IsNullOrEmpty(input.ContentType))
            {
                throw AwsException.BadRequest("Content-Type must be non-empty");
            }

            ValidateSchema(edit.Document, input.Name, input.Schema);
            var created = new RestModel
            {
                Id = Ids.NewResourceId(),
                Name = input.Name,
                Description = input.Description,
                Schema = input.Schema,
                ContentType = input.ContentType,
            };
            edit.Update(edit.Document with { Models = [.. edit.Document.Models, created] });
            return created;
        }, context.RequestAborted);
        await RestJson.WriteAsync(context, 201, model);
    }

    public static async Task GetModel(HttpContext context, RestApiService service, string restApiId, string modelName)
    {
        var document = await service.GetAsync(restApiId, context.RequestAborted);
        await RestJson.WriteAsync(context, 200, Find(document, modelName));
    }

    public static async Task GetModels(HttpContext context, RestApiService service, string restApiId)
    {
        var document = await service.GetAsync(restApiId, context.RequestAborted);
        await RestJson.WriteAsync(context, 200, RestPagination.Apply(context.Request, document.Models));
    }

    public static async Task UpdateModel(HttpContext context, RestApiService service, string restApiId, string modelName)
    {
        var input = await RestJson.ReadBodyAsync<PatchInput>(context.Request);
        var model = await service.EditAsync(restApiId, edit =>
        {
            var current = Find(edit.Document, modelName);
            var updated = Patch.Apply(current, input.PatchOperations);
            ValidateSchema(edit.Document, current.Name, updated.Schema);
            edit.Update(edit.Document with { Models = [.. edit.Document.Models.Select(m => m.Id == current.Id ? updated : m)] });
            return updated;
        }, context.RequestAborted);
        await RestJson.WriteAsync(context, 200, model);
    }

    public static async Task DeleteModel(HttpContext context, RestApiService service, string restApiId, string modelName)
    {
        await service.EditAsync(restApiId, edit =>
        {
            var model = Find(edit.Document, modelName);
            foreach (var resource in edit.Document.Resources)
            {
                foreach (var (verb, method) in resource.ResourceMethods ?? new Dictionary<string, RestMethod>())
                {
                    if (method.RequestModels?.Values.Contains(model.Name) == true)
                    {
                        var path = edit.Document.PathOf(resource);
                        throw AwsException.Conflict($"Cannot delete model '{model.Name}', is referenced in method request: {path}/{verb}");
                    }

                    if (method.MethodResponses?.Values.Any(r => r.ResponseModels?.Values.Contains(model.Name) == true) == true)
                    {
                        var path = edit.Document.PathOf(resource);
                        throw AwsException.Conflict($"Cannot delete model '{model.Name}', is referenced in method response: {path}/{verb}");
                    }
                }
            }

            if (ModelSchemaCheck.ReferencedBy(edit.Document.ApiId, model.Name, edit.Document.Models) is [var referrer, ..])
            {
                throw AwsException.Conflict($"Cannot delete model '{model.Name}', is referenced in model: {referrer}");
            }

            edit.Update(edit.Document with { Models = [.. edit.Document.Models.Where(m => m.Id != model.Id)] });
            return 0;
        }, context.RequestAborted);
        await RestJson.WriteEmptyAsync(context, 202);
    }

    private static RestModel Find(RestApiDocument document, string name) =>
        document.Models.FirstOrDefault(m => m.Name == name) ?? throw RestErrors.ModelNotFound(name);

    /// <summary>
    /// A schema is a JSON object with at least one member, as AWS requires, and valid JSON Schema draft 4 whose
    /// <c>$ref</c>s name models of this API; every problem is reported in AWS's Validation Result.
    /// </summary>
    internal static void ValidateSchema(RestApiDocument document, string modelName, string? schema)
    {
        JsonDocument? parsed = null;
        try
        {
            parsed = schema is null ? null : JsonDocument.Parse(schema);
        }
        catch (JsonException)
        {
            throw AwsException.BadRequest(ModelSchemaCheck.Message([ModelSchemaCheck.InvalidSchema]));
        }

        using (parsed)
        {
            if (parsed is null || parsed.RootElement.ValueKind != JsonValueKind.Object || !parsed.RootElement.EnumerateObject().Any())
            {
                throw AwsException.BadRequest("Model schema must have at least 1 property or array items defined");
            }
        }

        var errors = ModelSchemaCheck.Check(document.ApiId, modelName, schema!, document.Models);
        if (errors.Count > 0)
        {
            throw AwsException.BadRequest(ModelSchemaCheck.Message(errors));
        }
    }

    private static readonly PatchRules<RestModel> Patch = new PatchRules<RestModel>("updateModelInput")
        .On("/description", PatchOps.Replace, (m, p) => m with { Description = p.Value is { Length: > 0 } d ? d : null })
        .On("/schema", PatchOps.Replace, (m, p) => m with { Schema = p.Value })
        .InvalidPath((op, path) => op == PatchOps.Replace
            ? $"Invalid patch path  '{path}' specified for op 'replace'. Must be one of: [/description, /schema]"
            : $"Invalid patch path  '{path}' specified for op '{PatchOpNames.Names(op).FirstOrDefault()}'. Please choose supported operations")
        .InvalidOp((op, path, _) => $"Invalid patch path  '{path}' specified for op '{PatchOpNames.Names(op).First()}'. Please choose supported operations");

    [GeneratedRegex("^[A-Za-z0-9]+$")]
    internal static partial Regex ModelName();
}
