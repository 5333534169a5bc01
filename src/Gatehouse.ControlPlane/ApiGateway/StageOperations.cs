using System.Text.RegularExpressions;
using Gatehouse.ControlPlane.ApiGatewayV2;
using Gatehouse.ControlPlane.Protocols;
using Gatehouse.Model.RestApis;
using Gatehouse.Store.State;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.ControlPlane.ApiGateway;

/// <summary>CreateStage, GetStage(s), UpdateStage (every patch path AWS accepts, method settings included) and DeleteStage.</summary>
internal static partial class StageOperations
{
    private static readonly string[] CacheClusterSizes = ["0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237"];
    private static readonly string[] LoggingLevels = ["OFF", "ERROR", "INFO"];
    private static readonly string[] CacheControlStrategies = ["FAIL_WITH_403", "SUCCEED_WITH_RESPONSE_HEADER", "SUCCEED_WITHOUT_RESPONSE_HEADER"];

    /// <summary>AWS's list of stage patch paths, verbatim (recorded), for the invalid-path message.</summary>
    private const string ValidPaths =
        "[/deploymentId, /description, /cacheClusterEnabled, /cacheClusterSize, /clientCertificateId, /accessLogSettings, /accessLogSettings/destinationArn, " +
        "/accessLogSettings/format, /{resourcePath}/{httpMethod}/metrics/enabled, /{resourcePath}/{httpMethod}/logging/dataTrace, " +
        "/{resourcePath}/{httpMethod}/logging/loglevel, /{resourcePath}/{httpMethod}/throttling/burstLimit/{resourcePath}/{httpMethod}/throttling/rateLimit" +
        "/{resourcePath}/{httpMethod}/caching/ttlInSeconds, /{resourcePath}/{httpMethod}/caching/enabled, /{resourcePath}/{httpMethod}/caching/dataEncrypted, " +
        "/{resourcePath}/{httpMethod}/caching/requireAuthorizationForCacheControl, /{resourcePath}/{httpMethod}/caching/unauthorizedCacheControlHeaderStrategy, " +
        "/*/*/metrics/enabled, /*/*/logging/dataTrace, /*/*/logging/loglevel, /*/*/throttling/burstLimit /*/*/throttling/rateLimit /*/*/caching/ttlInSeconds, " +
        "/*/*/caching/enabled, /*/*/caching/dataEncrypted, /*/*/caching/requireAuthorizationForCacheControl, " +
        "/*/*/caching/unauthorizedCacheControlHeaderStrategy, /variables/{variable_name}, /tracingEnabled]";

    public static async Task CreateStage(HttpContext context, RestApiService service, string restApiId)
    {
        var input = await RestJson.ReadBodyAsync<CreateStageInput>(context.Request);
        var validation = new Validation();
        validation.Require(!string.IsNullOrEmpty(input.StageName), "Stage name must be non-empty");
        ValidateStageName(validation, input.StageName is { Length: > 0 } ? input.StageName : null);
        validation.Require(!string.IsNullOrEmpty(input.DeploymentId), "Deployment id must be non-empty");
        validation.Require(input.CanarySettings is null, "Canary settings are not supported by Gatehouse yet");
        ValidateVariables(validation, input.Variables);
        ValidateCacheClusterSize(validation, input.CacheClusterSize);
        validation.Tags(input.Tags);
        validation.ThrowIfAny();

        var stage = await service.EditAsync(restApiId, edit =>
        {
            if (edit.Document.FindDeployment(input.DeploymentId!) is null)
            {
                throw AwsException.BadRequest("Deployment id does not exist");
            }

            if (edit.Document.FindStage(input.StageName!) is not null)
            {
                throw AwsException.Conflict("Stage already exists");
            }

            var now = DateTimeOffset.UtcNow;
            var created = new RestStage
            {
                StageName = input.StageName!,
                DeploymentId = input.DeploymentId,
                Description = input.Description,
                CreatedDate = now,
                LastUpdatedDate = now,
                CacheClusterEnabled = input.CacheClusterEnabled ?? false,
                CacheClusterSize = input.CacheClusterEnabled == true ? input.CacheClusterSize ?? "0.5" : input.CacheClusterSize,
                CacheClusterStatus = input.CacheClusterEnabled == true ? "AVAILABLE" : "NOT_AVAILABLE",
                Variables = input.Variables is { Count: > 0 } variables ? variables : null,
                DocumentationVersion = input.DocumentationVersion,
                TracingEnabled = input.TracingEnabled ?? false,
                Tags = input.Tags is { Count: > 0 } tags ? tags : null,
            };
            edit.Update(edit.Document with { Stages = [.. edit.Document.Stages, created] });
            return created;
        }, context.RequestAborted);
        await RestJson.WriteAsync(context, 201, stage);
    }

    public static async Task GetStage(HttpContext context, RestApiService service, string restApiId, string stageName)
    {
        var document = await service.GetAsync(restApiId, context.RequestAborted);
        await RestJson.WriteAsync(context, 200, document.FindStage(stageName) ?? throw RestErrors.StageNotFound());
    }

    /// <summary>FlushStageAuthorizersCache: the stage's cached Lambda authorizer results are gone, on every node.</summary>
    public static async Task FlushStageAuthorizersCache(HttpContext context, RestApiService service, IStateStore state, string restApiId, string stageName)
    {
        var document = await service.GetAsync(restApiId, context.RequestAborted);
        _ = document.FindStage(stageName) ?? throw RestErrors.StageNotFound();
        await state.RemoveCachedAsync(AuthorizerCacheKeys.RestStage(restApiId, stageName), context.RequestAborted);
        await RestJson.WriteEmptyAsync(context, 202);
    }

    /// <summary>GetStages answers <c>{"item": [...]}</c>, unpaged, optionally filtered by <c>deploymentId</c>.</summary>
    public static async Task GetStages(HttpContext context, RestApiService service, string restApiId)
    {
        var document = await service.GetAsync(restApiId, context.RequestAborted);
        var deploymentId = context.Request.Query["deploymentId"].ToString();
        var stages = document.Stages.Where(s => deploymentId.Length == 0 || s.DeploymentId == deploymentId).ToList();
        await RestJson.WriteAsync(context, 200, new { item = stages });
    }

    public static async Task UpdateStage(HttpContext context, RestApiService service, string restApiId, string stageName)
    {
        var input = await RestJson.ReadBodyAsync<PatchInput>(context.Request);
        var stage = await service.EditAsync(restApiId, edit =>
        {
            var current = edit.Document.FindStage(stageName) ?? throw RestErrors.StageNotFound();
            var updated = Patch.Apply(current, input.PatchOperations) with { LastUpdatedDate = DateTimeOffset.UtcNow };
            if (updated.DeploymentId is { } deploymentId && edit.Document.FindDeployment(deploymentId) is null)
            {
                throw AwsException.BadRequest("Deployment id does not exist");
            }

            var validation = new Validation();
            ValidateVariables(validation, updated.Variables);
            validation.ThrowIfAny();
            edit.Update(edit.Document with { Stages = [.. edit.Document.Stages.Select(s => s.StageName == stageName ? updated : s)] });
            return updated;
        }, context.RequestAborted);
        await RestJson.WriteAsync(context, 200, stage);
    }

    public static async Task DeleteStage(HttpContext context, RestApiService service, string restApiId, string stageName)
    {
        await service.EditAsync(restApiId, edit =>
        {
            _ = edit.Document.FindStage(stageName) ?? throw RestErrors.StageNotFound();
            edit.Update(edit.Document with { Stages = [.. edit.Document.Stages.Where(s => s.StageName != stageName)] });
            return 0;
        }, context.RequestAborted);
        await RestJson.WriteEmptyAsync(context, 202);
    }

    internal static void ValidateStageName(Validation validation, string? name)
    {
        if (name is not null)
        {
            validation.Require(StageNamePattern().IsMatch(name),
                $"Invalid stage name '{name}': stage names are 1 to 128 letters, digits, '-' and '_'");
        }
    }

    internal static void ValidateVariables(Validation validation, IReadOnlyDictionary<string, string>? variables) =>
        validation.StageVariables(variables);

    internal static void ValidateCacheClusterSize(Validation validation, string? size) =>
        validation.Require(size is null || CacheClusterSizes.Contains(size),
            $"Invalid cache cluster size '{size}': must be one of [{string.Join(", ", CacheClusterSizes)}]");

    /// <summary>The method-settings key of a patch: <c>*/*</c>, or the resource path without its leading slash and the method.</summary>
    internal static string MethodSettingsKey(PatchContext patch)
    {
        var resourcePath = patch.Capture(0);
        var method = patch.Capture(1);
        if (method != "*" && !RestTree.HttpMethods.Contains(method, StringComparer.Ordinal))
        {
            throw AwsException.BadRequest($"Invalid method setting path: {patch.Path}. Must be one of: {ValidPaths}");
        }

        return resourcePath == "*" ? $"*/{method}" : $"{resourcePath.TrimStart('/')}/{method}";
    }

    /// <summary>Changes one method setting; a new entry starts from the stage-wide <c>*/*</c> settings (or AWS's defaults).</summary>
    private static PatchRules<RestStage> Setting(this PatchRules<RestStage> rules, string suffix, Func<MethodSetting, PatchContext, MethodSetting> apply) =>
        rules.On("/{}/{}/" + suffix, PatchOps.Replace | PatchOps.Add, (stage, p) =>
        {
            var key = MethodSettingsKey(p);
            var current = stage.MethodSettings.GetValueOrDefault(key)
                ?? (key != "*/*" ? stage.MethodSettings.GetValueOrDefault("*/*") : null)
                ?? new MethodSetting();
            return stage with { MethodSettings = Maps.With(stage.MethodSettings, key, apply(current, p)) };
        });

    private static RestStage RemoveMethodSettings(RestStage stage, PatchContext p)
    {
        var key = p.Capture(0) == "*" ? $"*/{p.Capture(1)}" : $"{p.Capture(0).TrimStart('/')}/{p.Capture(1)}";
        if (!stage.MethodSettings.ContainsKey(key))
        {
            throw AwsException.BadRequest($"Cannot remove method setting {key} because there is no method setting for this method ");
        }

        return stage with { MethodSettings = Maps.Without(stage.MethodSettings, key) ?? new Dictionary<string, MethodSetting>() };
    }

    private static string OneOf(PatchContext p, string[] allowed) =>
        allowed.Contains(p.Value) ? p.Value! : throw AwsException.BadRequest($"Invalid value '{p.Value}' for {p.Path}: must be one of [{string.Join(", ", allowed)}]");

    private static readonly PatchRules<RestStage> Patch = new PatchRules<RestStage>("updateStageInput")
        .On("/deploymentId", PatchOps.Replace, (s, p) => s with { DeploymentId = p.Text() })
        .On("/description", PatchOps.Replace, (s, p) => s with { Description = p.Value is { Length: > 0 } v ? v : null })
        .On("/cacheClusterEnabled", PatchOps.Replace, (s, p) =>
        {
            var enabled = p.Bool();
            return s with
            {
                CacheClusterEnabled = enabled,
                CacheClusterSize = enabled ? s.CacheClusterSize ?? "0.5" : s.CacheClusterSize,
                CacheClusterStatus = enabled ? "AVAILABLE" : "NOT_AVAILABLE",
            };
        })
        .On("/cacheClusterSize", PatchOps.Replace, (s, p) => s with { CacheClusterSize = OneOf(p, CacheClusterSizes) })
        .On("/clientCertificateId", PatchOps.Replace, (s, p) => s with { ClientCertificateId = p.Value is { Length: > 0 } v ? v : null })
        .On("/tracingEnabled", PatchOps.Replace, (s, p) => s with { TracingEnabled = p.Bool() })
        .On("/variables/{}", PatchOps.AddRemoveReplace, (s, p) => s with { Variables = Maps.Patch(s.Variables, p, p.Text) })
        .On("/accessLogSettings", PatchOps.Remove, (s, _) => s with { AccessLogSettings = null })
        .On("/accessLogSettings/destinationArn", PatchOps.Replace, (s, p) => s with
        {
            AccessLogSettings = (s.AccessLogSettings ?? new RestAccessLogSettings()) with { DestinationArn = NonEmpty(p) },
        })
        .On("/accessLogSettings/format", PatchOps.Replace, (s, p) => s with
        {
            AccessLogSettings = (s.AccessLogSettings ?? new RestAccessLogSettings()) with { Format = NonEmpty(p) },
        })
        .On("/{}/{}", PatchOps.Remove, RemoveMethodSettings)
        .Setting("metrics/enabled", (m, p) => m with { MetricsEnabled = p.Bool() })
        .Setting("logging/dataTrace", (m, p) => m with { DataTraceEnabled = p.Bool() })
        .Setting("logging/loglevel", (m, p) => m with { LoggingLevel = OneOf(p, LoggingLevels) })
        .Setting("throttling/burstLimit", (m, p) => m with { ThrottlingBurstLimit = p.WholeNumber(0, int.MaxValue) })
        .Setting("throttling/rateLimit", (m, p) => m with { ThrottlingRateLimit = p.Number(0, double.MaxValue) })
        .Setting("caching/enabled", (m, p) => m with { CachingEnabled = p.Bool() })
        .Setting("caching/ttlInSeconds", (m, p) => m with { CacheTtlInSeconds = p.WholeNumber(0, 3600) })
        .Setting("caching/dataEncrypted", (m, p) => m with { CacheDataEncrypted = p.Bool() })
        .Setting("caching/requireAuthorizationForCacheControl", (m, p) => m with { RequireAuthorizationForCacheControl = p.Bool() })
        .Setting("caching/unauthorizedCacheControlHeaderStrategy", (m, p) => m with { UnauthorizedCacheControlHeaderStrategy = OneOf(p, CacheControlStrategies) })
        .InvalidPath((_, path) => $"Invalid method setting path: {path}. Must be one of: {ValidPaths}");

    private static string NonEmpty(PatchContext p) =>
        p.Value is { Length: > 0 } value ? value : throw AwsException.BadRequest("Access Log value must not be empty");

    [GeneratedRegex("^[A-Za-z0-9_-]{1,128}$")]
    private static partial Regex StageNamePattern();
}
