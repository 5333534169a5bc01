using Gatehouse.ControlPlane.Protocols;
using Gatehouse.Model;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.ControlPlane.ApiGatewayV2;

/// <summary>TagResource, UntagResource and GetTags on API and stage ARNs.</summary>
internal static class TagOperations
{
    public static async Task GetTags(HttpContext context, HttpApiService service, string resourceArn)
    {
        var (apiId, stageName) = Parse(resourceArn);
        var document = await service.GetAsync(apiId, context.RequestAborted);
        var tags = stageName is null
            ? document.Api.Tags
            : (document.FindStage(stageName) ?? throw StageOperations.NotFound(stageName)).Tags;
        await RestJson.WriteAsync(context, 200, new { tags = tags ?? new Dictionary<string, string>() });
    }

    public static async Task TagResource(HttpContext context, HttpApiService service, string resourceArn)
    {
        var input = await RestJson.ReadBodyAsync<TagsInput>(context.Request);
        var validation = new Validation();
        validation.Require(input.Tags is not null, "Tags is required");
        validation.Tags(input.Tags);
        validation.ThrowIfAny();
        await Change(context, service, resourceArn, tags =>
        {
            foreach (var (key, value) in input.Tags!)
            {
                tags[key] = value;
            }

            var check = new Validation();
            check.Tags(tags);
            check.ThrowIfAny();
        });
        await RestJson.WriteEmptyAsync(context, 201);
    }

    public static async Task UntagResource(HttpContext context, HttpApiService service, string resourceArn)
    {
        var keys = context.Request.Query["tagKeys"];
        if (keys.Count == 0)
        {
            throw AwsException.BadRequest("TagKeys is required");
        }

        await Change(context, service, resourceArn, tags =>
        {
            foreach (var key in keys)
            {
                tags.Remove(key!);
            }
        });
        await RestJson.WriteEmptyAsync(context, 204);
    }

    private static Task Change(HttpContext context, HttpApiService service, string resourceArn, Action<Dictionary<string, string>> change)
    {
        var (apiId, stageName) = Parse(resourceArn);
        return service.EditAsync(apiId, edit =>
        {
            var document = edit.Document;
            if (stageName is null)
            {
                var tags = document.Api.Tags?.ToDictionary() ?? [];
                change(tags);
                edit.Update(document with { Api = document.Api with { Tags = tags } }, deployable: false);
            }
            else
            {
                var stage = document.FindStage(stageName) ?? throw StageOperations.NotFound(stageName);
                var tags = stage.Tags?.ToDictionary() ?? [];
                change(tags);
                edit.Update(document with { Stages = [.. document.Stages.Select(s => s.StageName == stageName ? s with { Tags = tags } : s)] }, deployable: false);
            }

            return 0;
        }, context.RequestAborted);
    }

    // The SDKs send the ARN as one percent-encoded path segment ('/' as %2F), which routing leaves encoded.
    private static (string ApiId, string? StageName) Parse(string resourceArn) =>
        Arns.TryParseV2(Uri.UnescapeDataString(resourceArn), out var apiId, out var stageName)
            ? (apiId, stageName)
            : throw AwsException.BadRequest($"Invalid resource ARN '{Uri.UnescapeDataString(resourceArn)}': expected arn:aws:apigateway:{{region}}::/apis/{{apiId}} or .../stages/{{stageName}}");
}
