using Gatehouse.ControlPlane.Protocols;
using Gatehouse.Model;
using Gatehouse.Model.HttpApis;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.ControlPlane.ApiGatewayV2;

/// <summary>CreateApi (with quick create), GetApi(s), UpdateApi, DeleteApi and DeleteCorsConfiguration.</summary>
internal static class ApiOperations
{
    public const string HttpRouteSelectionExpression = "${request.method} ${request.path}";
    public const string DefaultApiKeySelectionExpression = "$request.header.x-api-key";

    public static async Task CreateApi(HttpContext context, HttpApiService service)
    {
        var input = await RestJson.ReadBodyAsync<ApiInput>(context.Request);
        var validation = new Validation();
        validation.Require(!string.IsNullOrEmpty(input.Name), "Name is required");
        validation.Length("Name", input.Name, 1, 128);
        validation.Require(input.ProtocolType is not null, "ProtocolType is required");
        if (input.ProtocolType is not null and not "HTTP")
        {
            validation.Add(input.ProtocolType == "WEBSOCKET"
                ? "ProtocolType WEBSOCKET is not supported by Gatehouse yet; only HTTP APIs can be created"
                : $"Invalid ProtocolType '{input.ProtocolType}': must be one of [HTTP, WEBSOCKET]");
        }

        ValidateApiSettings(validation, input);
        validation.Tags(input.Tags);
        RouteKey? quickRouteKey = null;
        if (input.Target is null)
        {
            validation.Require(input.RouteKey is null, "RouteKey can only be given with Target (quick create)");
            validation.Require(input.CredentialsArn is null, "CredentialsArn can only be given with Target (quick create)");
        }
        else
        {
            ValidateQuickCreateTarget(validation, input.Target);
            if (!RouteKey.TryParse(input.RouteKey ?? RouteKey.DefaultKey, out quickRouteKey, out var keyError))
            {
                validation.Add(keyError);
            }
        }

        validation.ThrowIfAny();

        var now = DateTimeOffset.UtcNow;
        var api = new Api
        {
            ApiId = Ids.NewApiId(),
            Name = input.Name!,
            ProtocolType = "HTTP",
            ApiKeySelectionExpression = input.ApiKeySelectionExpression ?? DefaultApiKeySelectionExpression,
            CorsConfiguration = input.CorsConfiguration,
            CreatedDate = now,
            Description = input.Description,
            DisableSchemaValidation = input.DisableSchemaValidation,
            DisableExecuteApiEndpoint = input.DisableExecuteApiEndpoint ?? false,
            RouteSelectionExpression = HttpRouteSelectionExpression,
            Tags = input.Tags ?? [],
            Version = input.Version,
        };
        var edit = new ApiEdit(new ApiDocument { Api = api });
        if (input.Target is not null)
        {
            // Quick create: the target's integration, a route to it, and an auto-deployed $default stage.
            // A Lambda function target makes an AWS_PROXY integration with payload format 2.0, as AWS's quick create does.
            var lambda = IsLambdaTarget(input.Target);
            var integration = new Integration
            {
                IntegrationId = Ids.NewResourceId(),
                IntegrationType = lambda ? "AWS_PROXY" : "HTTP_PROXY",
                ApiGatewayManaged = true,
                ConnectionType = "INTERNET",
                CredentialsArn = input.CredentialsArn,
                IntegrationMethod = lambda ? IntegrationOperations.LambdaInvokeMethod : "ANY",
                IntegrationUri = input.Target,
                PayloadFormatVersion = lambda ? "2.0" : "1.0",
                TimeoutInMillis = IntegrationOperations.MaxTimeoutInMillis,
            };
            var route = new Route
            {
                RouteId = Ids.NewResourceId(),
                RouteKey = quickRouteKey!.Text,
                ApiGatewayManaged = true,
                ApiKeyRequired = false,
                AuthorizationType = "NONE",
                Target = "integrations/" + integration.IntegrationId,
            };
            var stage = StageOperations.NewStage(Stage.DefaultStageName, now) with { AutoDeploy = true, ApiGatewayManaged = true };
            edit.Update(edit.Document with { Integrations = [integration], Routes = [route], Stages = [stage] }, deployable: true);
        }

        var saved = await service.CreateAsync(edit, context.RequestAborted);
        await RestJson.WriteAsync(context, 201, WithEndpoint(context, saved.Api));
    }

    public static async Task GetApi(HttpContext context, HttpApiService service, string apiId)
    {
        var document = await service.GetAsync(apiId, context.RequestAborted);
        await RestJson.WriteAsync(context, 200, WithEndpoint(context, document.Api));
    }

    public static async Task GetApis(HttpContext context, HttpApiService service)
    {
        var all = await service.Store.ListApisAsync(context.RequestAborted);
        var page = Pagination.Apply(context.Request, all.Select(d => WithEndpoint(context, d.Api)).ToList());
        await RestJson.WriteAsync(context, 200, new { items = page.Items, nextToken = page.NextToken });
    }

    public static async Task UpdateApi(HttpContext context, HttpApiService service, string apiId)
    {
        var input = await RestJson.ReadBodyAsync<ApiInput>(context.Request);
        var validation = new Validation();
        validation.Length("Name", input.Name, 1, 128);
        validation.Require(input.ProtocolType is null, "ProtocolType cannot be changed");
        validation.Require(input.Target is null && input.RouteKey is null && input.CredentialsArn is null,
            "Target, RouteKey and CredentialsArn can only be set when an API is created (quick create)");
        ValidateApiSettings(validation, input);
        validation.ThrowIfAny();

        var api = await service.EditAsync(apiId, edit =>
        {
            var current = edit.Document.Api;
            var updated = current with
            {
                Name = input.Name ?? current.Name,
                ApiKeySelectionExpression = input.ApiKeySelectionExpression ?? current.ApiKeySelectionExpression,
                CorsConfiguration = input.CorsConfiguration ?? current.CorsConfiguration,
                Description = input.Description ?? current.Description,
                DisableSchemaValidation = input.DisableSchemaValidation ?? current.DisableSchemaValidation,
                DisableExecuteApiEndpoint = input.DisableExecuteApiEndpoint ?? current.DisableExecuteApiEndpoint,
                Version = input.Version ?? current.Version,
            };
            edit.Update(edit.Document with { Api = updated }, deployable: true);
            return updated;
        }, context.RequestAborted);
        await RestJson.WriteAsync(context, 200, WithEndpoint(context, api));
    }

    public static async Task DeleteApi(HttpContext context, HttpApiService service, string apiId)
    {
        if (!await service.Store.DeleteApiAsync(apiId, context.RequestAborted))
        {
            throw service.ApiNotFound(apiId);
        }

        await RestJson.WriteEmptyAsync(context, 204);
    }

    public static async Task DeleteCorsConfiguration(HttpContext context, HttpApiService service, string apiId)
    {
        await service.EditAsync(apiId, edit =>
        {
            edit.Update(edit.Document with { Api = edit.Document.Api with { CorsConfiguration = null } }, deployable: true);
            return 0;
        }, context.RequestAborted);
        await RestJson.WriteEmptyAsync(context, 204);
    }

    /// <summary>The API's own address on this gateway (AWS answers https://{id}.execute-api.{region}.amazonaws.com).</summary>
    internal static Api WithEndpoint(HttpContext context, Api api)
    {
        var port = context.Request.Host.Port is { } p ? $":{p}" : "";
        return api with { ApiEndpoint = $"{context.Request.Scheme}://{api.ApiId}.execute-api.localhost{port}" };
    }

    private static void ValidateApiSettings(Validation validation, ApiInput input)
    {
        validation.Length("Description", input.Description, 0, 1024);
        validation.Length("Version", input.Version, 1, 64);
        validation.Cors(input.CorsConfiguration);
        validation.Require(input.RouteSelectionExpression is null or HttpRouteSelectionExpression or "$request.method $request.path",
            $"Invalid RouteSelectionExpression '{input.RouteSelectionExpression}': HTTP APIs only support '{HttpRouteSelectionExpression}'");
        validation.Require(input.DisableSchemaValidation is null, "DisableSchemaValidation applies to WebSocket APIs only");
    }

    private static bool IsLambdaTarget(string target) => target.StartsWith("arn:", StringComparison.Ordinal);

    private static void ValidateQuickCreateTarget(Validation validation, string target)
    {
        if (IsLambdaTarget(target))
        {
            if (!LambdaFunctionUri.TryParse(target, out _, out var error))
            {
                validation.Add(error.Replace("IntegrationUri", "Target", StringComparison.Ordinal));
            }
        }
        else if (!Uri.TryCreate(target, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            validation.Add($"Invalid Target '{target}': must be an http:// or https:// URL or a Lambda function ARN");
        }
    }
}
