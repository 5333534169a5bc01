using Gatehouse.ControlPlane.Protocols;
using Gatehouse.Model.HttpApis;
using Gatehouse.Observability.AccessLogs;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.ControlPlane.ApiGatewayV2;

/// <summary>CreateStage, GetStage(s), UpdateStage, DeleteStage, DeleteAccessLogSettings and DeleteRouteSettings.</summary>
internal static class StageOperations
{
    public const int MaxStagesPerApi = 10;

    public static Stage NewStage(string name, DateTimeOffset now) => new()
    {
        StageName = name,
        AutoDeploy = false,
        CreatedDate = now,
        LastUpdatedDate = now,
        DefaultRouteSettings = new RouteSettings { DetailedMetricsEnabled = false },
        RouteSettings = new Dictionary<string, RouteSettings>(),
        StageVariables = new Dictionary<string, string>(),
        Tags = new Dictionary<string, string>(),
    };

    public static async Task CreateStage(HttpContext context, HttpApiService service, string apiId)
    {
        var input = await RestJson.ReadBodyAsync<StageInput>(context.Request);
        var stage = await service.EditAsync(apiId, edit =>
        {
            var document = edit.Document;
            var validation = new Validation();
            validation.Require(input.StageName is not null, "StageName is required");
            validation.StageName(input.StageName);
            Validate(validation, document, input);
            validation.Tags(input.Tags);
            validation.ThrowIfAny();
            if (document.FindStage(input.StageName!) is not null)
            {
                throw AwsException.Conflict($"Stage {input.StageName} already exists");
            }

            if (document.Stages.Count >= MaxStagesPerApi)
            {
                throw AwsException.BadRequest($"An API can have at most {MaxStagesPerApi} stages");
            }

            var now = DateTimeOffset.UtcNow;
            var stage = NewStage(input.StageName!, now) with
            {
                AccessLogSettings = input.AccessLogSettings,
                AutoDeploy = input.AutoDeploy ?? false,
                ClientCertificateId = input.ClientCertificateId,
                DefaultRouteSettings = input.DefaultRouteSettings ?? new RouteSettings { DetailedMetricsEnabled = false },
                DeploymentId = input.DeploymentId,
                Description = input.Description,
                RouteSettings = input.RouteSettings ?? new Dictionary<string, RouteSettings>(),
                StageVariables = input.StageVariables ?? new Dictionary<string, string>(),
                Tags = input.Tags ?? new Dictionary<string, string>(),
            };
            edit.Update(document with { Stages = [.. document.Stages, stage] }, deployable: false);
            if (stage.AutoDeploy == true)
            {
                // A stage created with autoDeploy goes live at once with the API as it is now.
                edit.Deploy(stage.StageName, "Automatic deployment triggered by changes to the Api configuration", autoDeployed: true);
            }

            return edit.Document.FindStage(stage.StageName)!;
        }, context.RequestAborted);
        await RestJson.WriteAsync(context, 201, stage);
    }

    public static async Task GetStage(HttpContext context, HttpApiService service, string apiId, string stageName)
    {
        var document = await service.GetAsync(apiId, context.RequestAborted);
        await RestJson.WriteAsync(context, 200, document.FindStage(stageName) ?? throw NotFound(stageName));
    }

    public static async Task GetStages(HttpContext context, HttpApiService service, string apiId)
    {
        var document = await service.GetAsync(apiId, context.RequestAborted);
        var page = Pagination.Apply(context.Request, document.Stages);
        await RestJson.WriteAsync(context, 200, new { items = page.Items, nextToken = page.NextToken });
    }

    public static async Task UpdateStage(HttpContext context, HttpApiService service, string apiId, string stageName)
    {
        var input = await RestJson.ReadBodyAsync<StageInput>(context.Request);
        var stage = await service.EditAsync(apiId, edit =>
        {
            var document = edit.Document;
            var current = document.FindStage(stageName) ?? throw NotFound(stageName);
            ThrowIfManaged(current);
            var validation = new Validation();
            validation.Require(input.StageName is null || input.StageName == stageName, "StageName cannot be changed");
            validation.Require(input.Tags is null, "Tags cannot be changed by UpdateStage; use TagResource");
            Validate(validation, document, input);
            validation.ThrowIfAny();

            var updated = current with
            {
                AccessLogSettings = input.AccessLogSettings ?? current.AccessLogSettings,
                AutoDeploy = input.AutoDeploy ?? current.AutoDeploy,
                ClientCertificateId = input.ClientCertificateId ?? current.ClientCertificateId,
                DefaultRouteSettings = input.DefaultRouteSettings is null
                    ? current.DefaultRouteSettings
                    : Merge(current.DefaultRouteSettings, input.DefaultRouteSettings),
                DeploymentId = input.DeploymentId ?? current.DeploymentId,
                Description = input.Description ?? current.Description,
                LastUpdatedDate = DateTimeOffset.UtcNow,
                RouteSettings = input.RouteSettings is null ? current.RouteSettings : MergeRouteSettings(current.RouteSettings, input.RouteSettings),
                StageVariables = input.StageVariables is null ? current.StageVariables : MapUpdate.Merge(current.StageVariables, input.StageVariables),
            };
            edit.Update(document with { Stages = [.. document.Stages.Select(s => s.StageName == stageName ? updated : s)] }, deployable: false);
            if (updated.AutoDeploy == true && current.AutoDeploy != true)
            {
                edit.Deploy(stageName, "Automatic deployment triggered by changes to the Api configuration", autoDeployed: true);
            }

            return edit.Document.FindStage(stageName)!;
        }, context.RequestAborted);
        await RestJson.WriteAsync(context, 200, stage);
    }

    public static async Task DeleteStage(HttpContext context, HttpApiService service, string apiId, string stageName)
    {
        await service.EditAsync(apiId, edit =>
        {
            ThrowIfManaged(edit.Document.FindStage(stageName) ?? throw NotFound(stageName));
            edit.Update(edit.Document with { Stages = [.. edit.Document.Stages.Where(s => s.StageName != stageName)] }, deployable: false);
            return 0;
        }, context.RequestAborted);
        await RestJson.WriteEmptyAsync(context, 204);
    }

    public static async Task DeleteAccessLogSettings(HttpContext context, HttpApiService service, string apiId, string stageName)
    {
        await ChangeStage(context, service, apiId, stageName, s => s with { AccessLogSettings = null });
        await RestJson.WriteEmptyAsync(context, 204);
    }

    public static async Task DeleteRouteSettings(HttpContext context, HttpApiService service, string apiId, string stageName, string routeKey)
    {
        routeKey = Uri.UnescapeDataString(routeKey); // "GET%20%2Fpets": routing leaves %2F encoded
        await ChangeStage(context, service, apiId, stageName, s => s.RouteSettings?.ContainsKey(routeKey) == true
            ? s with { RouteSettings = s.RouteSettings.Where(kv => kv.Key != routeKey).ToDictionary() }
            : throw AwsException.NotFound($"Invalid route settings key specified: {routeKey}"));
        await RestJson.WriteEmptyAsync(context, 204);
    }

    internal static AwsException NotFound(string stageName) => AwsException.NotFound($"Invalid stage identifier specified {stageName}");

    private static Task ChangeStage(HttpContext context, HttpApiService service, string apiId, string stageName, Func<Stage, Stage> change) =>
        service.EditAsync(apiId, edit =>
        {
            var current = edit.Document.FindStage(stageName) ?? throw NotFound(stageName);
            ThrowIfManaged(current);
            var updated = change(current) with { LastUpdatedDate = DateTimeOffset.UtcNow };
            edit.Update(edit.Document with { Stages = [.. edit.Document.Stages.Select(s => s.StageName == stageName ? updated : s)] }, deployable: false);
            return 0;
        }, context.RequestAborted);

    /// <summary>AWS: the $default stage that quick create makes is managed by API Gateway and cannot be modified.</summary>
    private static void ThrowIfManaged(Stage stage)
    {
        if (stage.ApiGatewayManaged == true)
        {
            throw AwsException.BadRequest($"Stage {stage.StageName} is managed by API Gateway (quick create) and cannot be modified");
        }
    }

    private static void Validate(Validation validation, ApiDocument document, StageInput input)
    {
        validation.Length("Description", input.Description, 0, 1024);
        validation.StageVariables(input.StageVariables);
        validation.Require(input.StageVariables is null || input.StageVariables.Count <= 100, "A stage can have at most 100 stage variables");
        validation.RouteSettings("DefaultRouteSettings", input.DefaultRouteSettings);
        foreach (var (routeKey, settings) in input.RouteSettings ?? [])
        {
            validation.Require(document.Routes.Any(r => r.RouteKey == routeKey),
                $"Invalid RouteSettings key '{routeKey}': the API has no route with that key");
            validation.RouteSettings($"RouteSettings['{routeKey}']", settings);
        }

        if (input.DeploymentId is not null && document.FindDeployment(input.DeploymentId) is null)
        {
            throw AwsException.NotFound($"Invalid Deployment identifier specified {input.DeploymentId}");
        }

        validation.Require(input.ClientCertificateId is null, "ClientCertificateId is not supported by Gatehouse yet");
        if (input.AccessLogSettings is { } log)
        {
            validation.Require(log.Format is not null && log.DestinationArn is not null,
                "AccessLogSettings needs both DestinationArn and Format");
            validation.Length("AccessLogSettings.Format", log.Format, 1, AccessLogFormat.MaxFormatLength);
            validation.Require(log.DestinationArn is null || AccessLogDestination.TryParseLogGroup(log.DestinationArn, out _),
                $"AccessLogSettings.DestinationArn must be the ARN of a CloudWatch Logs log group (arn:aws:logs:{{region}}:{{account}}:log-group:{{name}}): {log.DestinationArn}");
            if (log.Format is not null)
            {
                var format = AccessLogFormat.Parse(log.Format);
                validation.Require(format.UnsupportedVariables.IsEmpty,
                    $"The following context variables are not supported: [{string.Join(", ", format.UnsupportedVariables)}]");
                validation.Require(format.HasRequestId,
                    "AccessLogSettings.Format must include $context.requestId or $context.extendedRequestId");
            }
        }
    }

    private static RouteSettings Merge(RouteSettings? current, RouteSettings change) => current is null ? change : current with
    {
        DataTraceEnabled = change.DataTraceEnabled ?? current.DataTraceEnabled,
        DetailedMetricsEnabled = change.DetailedMetricsEnabled ?? current.DetailedMetricsEnabled,
        LoggingLevel = change.LoggingLevel ?? current.LoggingLevel,
        ThrottlingBurstLimit = change.ThrottlingBurstLimit ?? current.ThrottlingBurstLimit,
        ThrottlingRateLimit = change.ThrottlingRateLimit ?? current.ThrottlingRateLimit,
    };

    private static Dictionary<string, RouteSettings> MergeRouteSettings(IReadOnlyDictionary<string, RouteSettings>? current, Dictionary<string, RouteSettings> changes)
    {
        var merged = current?.ToDictionary() ?? [];
        foreach (var (key, value) in changes)
        {
            merged[key] = Merge(merged.GetValueOrDefault(key), value);
        }

        return merged;
    }
}
