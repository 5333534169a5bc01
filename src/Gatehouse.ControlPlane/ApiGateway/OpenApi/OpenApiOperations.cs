using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gatehouse.ControlPlane.Protocols;
using Gatehouse.Model;
using Gatehouse.Model.RestApis;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.ControlPlane.ApiGateway.OpenApi;

/// <summary>ImportRestApi (<c>POST /restapis?mode=import</c>), PutRestApi (<c>PUT /restapis/{id}</c>) and GetExport.</summary>
internal static class OpenApiOperations
{
    /// <summary>AWS's limit on an API definition file.</summary>
    public const int MaxDefinitionBytes = 6 * 1024 * 1024;

    private static readonly string[] EndpointTypes = ["EDGE", "REGIONAL", "PRIVATE"];

    /// <summary>Indented, and templates' quotes and angle brackets written as they are, as AWS writes them.</summary>
    private static readonly JsonSerializerOptions ExportJson = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static async Task ImportRestApi(HttpContext context, RestApiService service)
    {
        var options = OptionsOf(context.Request);
        var imported = await ReadAsync(context.Request, options);
        var endpointType = options.EndpointConfigurationType ?? (imported.Api.EndpointTypes is [var first, ..] ? first.ToUpperInvariant() : null) ?? "EDGE";
        if (!EndpointTypes.Contains(endpointType))
        {
            throw AwsException.BadRequest("Invalid EndpointTypes specified. Valid options are REGIONAL,EDGE,PRIVATE");
        }

        var now = DateTimeOffset.UtcNow;
        var saved = await service.CreateAsync(id =>
        {
            var root = new RestResource { Id = Ids.NewResourceId() };
            var empty = new RestApiDocument
            {
                RestApi = new RestApi
                {
                    Id = id,
                    Name = imported.Api.Name,
                    CreatedDate = now,
                    EndpointConfiguration = new EndpointConfiguration
                    {
                        Types = [endpointType],
                        IpAddressType = endpointType == "PRIVATE" ? "dualstack" : "ipv4",
                    },
                    DisableExecuteApiEndpoint = imported.Api.DisableExecuteApiEndpoint ?? false,
                    RootResourceId = root.Id,
                },
                Resources = [root],
            };
            return Apply(empty, imported.Api, ImportMode.Overwrite);
        }, context.RequestAborted);
        await RestJson.WriteAsync(context, 201, Answer(saved.RestApi, imported.Warnings));
    }

    public static async Task PutRestApi(HttpContext context, RestApiService service, string restApiId)
    {
        var mode = context.Request.Query["mode"].ToString() switch
        {
            "" or "merge" => ImportMode.Merge,
            "overwrite" => ImportMode.Overwrite,
            var other => throw PatchErrors.ValidationException([$"Value '{other}' at 'mode' failed to satisfy constraint: Member must satisfy enum value set: [overwrite, merge]"]),
        };
        var options = OptionsOf(context.Request);
        var imported = await ReadAsync(context.Request, options);
        var api = await service.EditAsync(restApiId, edit =>
        {
            var document = Apply(edit.Document, imported.Api, mode);
            edit.Update(document);
            return document.RestApi;
        }, context.RequestAborted);
        await RestJson.WriteAsync(context, 200, Answer(api, imported.Warnings));
    }

    public static async Task GetExport(HttpContext context, RestApiService service, string restApiId, string stageName, string exportType)
    {
        var format = exportType switch
        {
            "oas30" => OpenApiFormat.OpenApi3,
            "swagger" => OpenApiFormat.Swagger2,
            _ => throw AwsException.BadRequest($"No export type found with name '{exportType}'. Valid export types are [oas30, swagger]"),
        };
        var accept = context.Request.Headers.Accept.ToString();
        var yaml = accept.Contains("application/yaml", StringComparison.OrdinalIgnoreCase);
        if (!yaml && accept is not ("" or "*/*") && !accept.Contains("application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw AwsException.BadRequest($"Unsupported Accept type '{accept}'. Valid types are application/json and application/yaml");
        }

        var document = await service.GetAsync(restApiId, context.RequestAborted);
        var stage = document.FindStage(stageName) ?? throw RestErrors.StageNotFound();
        var deployment = stage.DeploymentId is { } deploymentId ? document.FindDeployment(deploymentId) : null;
        var snapshot = deployment is null ? null : await service.Store.GetRestSnapshotAsync(restApiId, deployment.Id, context.RequestAborted);
        if (deployment is null || snapshot is null)
        {
            throw RestErrors.DeploymentNotFound();
        }

        var options = ExportOptions.Parse(format, context.Request.Query["extensions"].ToString());
        var definition = RestApiExporter.Export(document.RestApi, snapshot, deployment, stageName, service.Options.Region, options);
        var body = yaml ? DefinitionText.WriteYaml(definition) : definition.ToJsonString(ExportJson);
        var version = RestApiExporter.VersionOf(document.RestApi, deployment);
        context.Response.StatusCode = 200;
        // AWS answers a JSON export as application/octet-stream even to "Accept: application/json" (recorded).
        context.Response.ContentType = yaml ? "application/yaml" : "application/octet-stream";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{exportType}_{version}.{(yaml ? "yaml" : "json")}\"";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(body), context.RequestAborted);
    }

    private static ImportOptions OptionsOf(HttpRequest request)
    {
        var basePath = request.Query["basepath"].ToString() is { Length: > 0 } mode ? mode : "ignore";
        if (basePath is not ("ignore" or "prepend" or "split"))
        {
            throw AwsException.BadRequest($"Invalid basepath parameter value '{basePath}'. Valid values are [ignore, prepend, split]");
        }

        var endpointType = request.Query["endpointConfigurationTypes"].ToString();
        return new ImportOptions
        {
            BasePath = basePath,
            FailOnWarnings = string.Equals(request.Query["failonwarnings"].ToString(), "true", StringComparison.OrdinalIgnoreCase),
            EndpointConfigurationType = endpointType.Length > 0 ? endpointType.ToUpperInvariant() : null,
            IgnoreDocumentation = request.Query["ignore"].ToString() == "documentation",
        };
    }

    /// <summary>The definition read and checked; errors (and warnings, with failonwarnings) fail the call before any write.</summary>
    private static async Task<(ImportedApi Api, IReadOnlyList<string> Warnings)> ReadAsync(HttpRequest request, ImportOptions options)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        if (buffer.Length > MaxDefinitionBytes)
        {
            throw AwsException.BadRequest("API definition exceeds the maximum size of 6MB");
        }

        var definition = DefinitionText.Read(buffer.GetBuffer().AsSpan(0, (int)buffer.Length))
            ?? throw AwsException.BadRequest("Invalid OpenAPI input.");
        var result = OpenApiReader.Read(definition, options);
        if (result.Api is null)
        {
            throw AwsException.BadRequest(result.Errors[0]);
        }

        if (result.Errors.Count > 0)
        {
            throw AwsException.BadRequest(ImportMessages.Errors(result.Errors));
        }

        if (options.FailOnWarnings && result.Warnings.Count > 0)
        {
            throw AwsException.BadRequest(ImportMessages.Warnings(result.Warnings));
        }

        return (result.Api, result.Warnings);
    }

    private static RestApiDocument Apply(RestApiDocument target, ImportedApi imported, ImportMode mode)
    {
        var (document, errors) = ImportApplier.Apply(target, imported, mode);
        return errors.Count > 0 ? throw AwsException.BadRequest(ImportMessages.Errors(errors)) : document;
    }

    /// <summary>The RestApi shape, with the import's warnings when there are any.</summary>
    private static JsonNode Answer(RestApi api, IReadOnlyList<string> warnings)
    {
        var answer = JsonSerializer.SerializeToNode(api, ModelJson.Options)!.AsObject();
        if (warnings.Count > 0)
        {
            answer["warnings"] = new JsonArray([.. warnings.Select(w => (JsonNode)w)]);
        }

        return answer;
    }
}
