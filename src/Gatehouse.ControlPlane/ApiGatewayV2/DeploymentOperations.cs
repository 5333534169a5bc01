using Gatehouse.ControlPlane.Protocols;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.ControlPlane.ApiGatewayV2;

/// <summary>CreateDeployment, GetDeployment(s), UpdateDeployment and DeleteDeployment.</summary>
internal static class DeploymentOperations
{
    public static async Task CreateDeployment(HttpContext context, HttpApiService service, string apiId)
    {
        var input = await RestJson.ReadBodyAsync<DeploymentInput>(context.Request);
        var validation = new Validation();
        validation.Length("Description", input.Description, 0, 1024);
        validation.ThrowIfAny();
        var deployment = await service.EditAsync(apiId, edit =>
        {
            if (input.StageName is not null && edit.Document.FindStage(input.StageName) is null)
            {
                throw StageOperations.NotFound(input.StageName);
            }

            if (edit.Document.FindStage(input.StageName ?? "") is { AutoDeploy: true })
            {
                throw AwsException.BadRequest(
                    $"Stage {input.StageName} is configured for automatic deployment; it cannot be deployed manually");
            }

            return edit.Deploy(input.StageName, input.Description, autoDeployed: false);
        }, context.RequestAborted);
        await RestJson.WriteAsync(context, 201, deployment);
    }

    public static async Task GetDeployment(HttpContext context, HttpApiService service, string apiId, string deploymentId)
    {
        var document = await service.GetAsync(apiId, context.RequestAborted);
        await RestJson.WriteAsync(context, 200, document.FindDeployment(deploymentId) ?? throw NotFound(deploymentId));
    }

    public static async Task GetDeployments(HttpContext context, HttpApiService service, string apiId)
    {
        var document = await service.GetAsync(apiId, context.RequestAborted);
        var page = Pagination.Apply(context.Request, document.Deployments);
        await RestJson.WriteAsync(context, 200, new { items = page.Items, nextToken = page.NextToken });
    }

    public static async Task UpdateDeployment(HttpContext context, HttpApiService service, string apiId, string deploymentId)
    {
        var input = await RestJson.ReadBodyAsync<DeploymentInput>(context.Request);
        var validation = new Validation();
        validation.Length("Description", input.Description, 0, 1024);
        validation.Require(input.StageName is null, "StageName cannot be changed on a deployment");
        validation.ThrowIfAny();
        var deployment = await service.EditAsync(apiId, edit =>
        {
            var current = edit.Document.FindDeployment(deploymentId) ?? throw NotFound(deploymentId);
            var updated = current with { Description = input.Description ?? current.Description };
            edit.Update(edit.Document with
            {
                Deployments = [.. edit.Document.Deployments.Select(d => d.DeploymentId == deploymentId ? updated : d)],
            }, deployable: false);
            return updated;
        }, context.RequestAborted);
        await RestJson.WriteAsync(context, 200, deployment);
    }

    public static async Task DeleteDeployment(HttpContext context, HttpApiService service, string apiId, string deploymentId)
    {
        await service.EditAsync(apiId, edit =>
        {
            _ = edit.Document.FindDeployment(deploymentId) ?? throw NotFound(deploymentId);
            if (edit.Document.Stages.Any(s => s.DeploymentId == deploymentId))
            {
                throw AwsException.BadRequest("Active stages pointing to this deployment must be moved or deleted");
            }

            edit.Update(edit.Document with { Deployments = [.. edit.Document.Deployments.Where(d => d.DeploymentId != deploymentId)] }, deployable: false);
            edit.RemoveSnapshot(deploymentId);
            return 0;
        }, context.RequestAborted);
        await RestJson.WriteEmptyAsync(context, 204);
    }

    internal static AwsException NotFound(string deploymentId) =>
        AwsException.NotFound($"Invalid Deployment identifier specified {deploymentId}");
}
