using Gatehouse.ControlPlane.ApiGatewayV2;
using Gatehouse.ControlPlane.Protocols;
using Gatehouse.Model;
using Gatehouse.Model.RestApis;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.ControlPlane.ApiGateway;

/// <summary>
/// CreateDeployment (freezing the API into a snapshot, and with a stage name creating or moving that stage),
/// GetDeployment(s), UpdateDeployment and DeleteDeployment (refused while a stage points at it).
/// </summary>
internal static class DeploymentOperations
{
    public static async Task CreateDeployment(HttpContext context, RestApiService service, string restApiId)
    {
        var input = await RestJson.ReadBodyAsync<CreateDeploymentInput>(context.Request);
        var validation = new Validation();
        validation.Require(input.CanarySettings is null, "Canary deployments are not supported by Gatehouse yet");
        StageOperations.ValidateStageName(validation, input.StageName is { Length: > 0 } ? input.StageName : null);
        validation.Require(input.StageName is { Length: > 0 } || (input.StageDescription is null && input.Variables is null && input.CacheClusterEnabled is null
            && input.CacheClusterSize is null && input.TracingEnabled is null), "Stage settings need a stageName");
        StageOperations.ValidateVariables(validation, input.Variables);
        StageOperations.ValidateCacheClusterSize(validation, input.CacheClusterSize);
        validation.ThrowIfAny();

        var deployment = await service.EditAsync(restApiId, edit =>
        {
            var document = edit.Document;
            var methods = document.Resources.SelectMany(r => (r.ResourceMethods ?? new Dictionary<string, RestMethod>()).Values).ToList();
            if (methods.Count == 0)
            {
                throw AwsException.BadRequest("The REST API doesn't contain any methods");
            }

            if (methods.Any(m => m.MethodIntegration is null))
            {
                throw AwsException.BadRequest("No integration defined for method");
            }

            var now = DateTimeOffset.UtcNow;
            var created = new RestDeployment { Id = Ids.NewResourceId(), Description = input.Description, CreatedDate = now };
            edit.AddSnapshot(document.Snapshot(created.Id));
            var stages = document.Stages;
            if (input.StageName is { Length: > 0 } stageName)
            {
                var stage = document.FindStage(stageName);
                if (stage is null)
                {
                    stage = new RestStage
                    {
                        StageName = stageName,
                        CreatedDate = now,
                        Description = input.StageDescription,
                        Variables = input.Variables is { Count: > 0 } variables ? variables : null,
                        CacheClusterEnabled = input.CacheClusterEnabled ?? false,
                        CacheClusterSize = input.CacheClusterEnabled == true ? input.CacheClusterSize ?? "0.5" : input.CacheClusterSize,
                        CacheClusterStatus = input.CacheClusterEnabled == true ? "AVAILABLE" : "NOT_AVAILABLE",
                        TracingEnabled = input.TracingEnabled ?? false,
                    };
                    stages = [.. stages, stage with { DeploymentId = created.Id, LastUpdatedDate = now }];
                }
                else
                {
                    var variables = stage.Variables;
                    foreach (var (name, value) in input.Variables ?? [])
                    {
                        variables = Maps.With(variables, name, value);
                    }

                    var moved = stage with
                    {
                        DeploymentId = created.Id,
                        LastUpdatedDate = now,
                        Description = input.StageDescription ?? stage.Description,
                        Variables = variables,
                        TracingEnabled = input.TracingEnabled ?? stage.TracingEnabled,
                    };
                    stages = [.. stages.Select(s => s.StageName == stageName ? moved : s)];
                }
            }

            edit.Update(document with { Deployments = [.. document.Deployments, created], Stages = stages });
            return created;
        }, context.RequestAborted);
        await RestJson.WriteAsync(context, 201, deployment);
    }

    public static async Task GetDeployment(HttpContext context, RestApiService service, string restApiId, string deploymentId)
    {
        var document = await service.GetAsync(restApiId, context.RequestAborted);
        var deployment = document.FindDeployment(deploymentId) ?? throw RestErrors.DeploymentNotFound();
        if (!context.Request.Query["embed"].Any(e => e is not null && e.Split(',').Contains("apisummary", StringComparer.Ordinal)))
        {
            await RestJson.WriteAsync(context, 200, deployment);
            return;
        }

        // embed=apisummary: each path's methods as the deployment froze them.
        var snapshot = await service.Store.GetRestSnapshotAsync(restApiId, deploymentId, context.RequestAborted);
        var summary = new SortedDictionary<string, SortedDictionary<string, MethodSnapshot>>(StringComparer.Ordinal);
        foreach (var resource in snapshot?.Resources ?? [])
        {
            if (resource is { Path: { } path, ResourceMethods: { Count: > 0 } methods })
            {
                summary[path] = new SortedDictionary<string, MethodSnapshot>(
                    methods.ToDictionary(m => m.Key, m => new MethodSnapshot(m.Value.AuthorizationType, m.Value.ApiKeyRequired), StringComparer.Ordinal),
                    StringComparer.Ordinal);
            }
        }

        await RestJson.WriteAsync(context, 200, new DeploymentWithSummary(deployment.Id, deployment.Description, deployment.CreatedDate, summary));
    }

    /// <summary>A method as a deployment's <c>apiSummary</c> shows it (botocore's MethodSnapshot).</summary>
    private sealed record MethodSnapshot(string AuthorizationType, bool ApiKeyRequired);

    /// <summary>A deployment with its <c>apiSummary</c> (GetDeployment with <c>embed=apisummary</c>).</summary>
    private sealed record DeploymentWithSummary(string Id, string? Description, DateTimeOffset CreatedDate,
        IReadOnlyDictionary<string, SortedDictionary<string, MethodSnapshot>> ApiSummary);

    public static async Task GetDeployments(HttpContext context, RestApiService service, string restApiId)
    {
        var document = await service.GetAsync(restApiId, context.RequestAborted);
        await RestJson.WriteAsync(context, 200, RestPagination.Apply(context.Request, document.Deployments));
    }

    public static async Task UpdateDeployment(HttpContext context, RestApiService service, string restApiId, string deploymentId)
    {
        var input = await RestJson.ReadBodyAsync<PatchInput>(context.Request);
        var deployment = await service.EditAsync(restApiId, edit =>
        {
            var current = edit.Document.FindDeployment(deploymentId) ?? throw RestErrors.DeploymentNotFound();
            var updated = Patch.Apply(current, input.PatchOperations);
            edit.Update(edit.Document with { Deployments = [.. edit.Document.Deployments.Select(d => d.Id == current.Id ? updated : d)] });
            return updated;
        }, context.RequestAborted);
        await RestJson.WriteAsync(context, 200, deployment);
    }

    public static async Task DeleteDeployment(HttpContext context, RestApiService service, string restApiId, string deploymentId)
    {
        await service.EditAsync(restApiId, edit =>
        {
            _ = edit.Document.FindDeployment(deploymentId) ?? throw RestErrors.DeploymentNotFound();
            if (edit.Document.Stages.Any(s => s.DeploymentId == deploymentId))
            {
                throw AwsException.BadRequest("Active stages pointing to this deployment must be moved or deleted");
            }

            edit.RemoveSnapshot(deploymentId);
            edit.Update(edit.Document with { Deployments = [.. edit.Document.Deployments.Where(d => d.Id != deploymentId)] });
            return 0;
        }, context.RequestAborted);
        await RestJson.WriteEmptyAsync(context, 202);
    }

    private static readonly PatchRules<RestDeployment> Patch = new PatchRules<RestDeployment>("updateDeploymentInput")
        .On("/description", PatchOps.Replace, (d, p) => d with { Description = p.Value is { Length: > 0 } v ? v : null });
}
