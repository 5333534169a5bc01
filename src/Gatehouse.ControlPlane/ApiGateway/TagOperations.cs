using Gatehouse.ControlPlane.ApiGatewayV2;
using Gatehouse.ControlPlane.Protocols;
using Gatehouse.Model.RestApis;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.ControlPlane.ApiGateway;

/// <summary>GetTags, TagResource and UntagResource on <c>/tags/{arn}</c> for REST APIs and their stages.</summary>
internal static class TagOperations
{
    public static async Task GetTags(HttpContext context, RestApiService service, string resourceArn)
    {
        var (apiId, stageName) = Parse(service, resourceArn);
        var document = await service.GetAsync(apiId, context.RequestAborted);
        var tags = stageName is null ? document.RestApi.Tags : (document.FindStage(stageName) ?? throw RestErrors.StageNotFound()).Tags;
        await RestJson.WriteAsync(context, 200, new { tags = tags ?? new Dictionary<string, string>() });
    }

    public static async Task TagResource(HttpContext context, RestApiService service, string resourceArn)
    {
        var input = await RestJson.ReadBodyAsync<TagResourceInput>(context.Request);
        var validation = new Validation();
        validation.Require(input.Tags is not null, "Tags must be specified");
        validation.Tags(input.Tags);
        validation.ThrowIfAny();
        await Edit(context, service, resourceArn, tags =>
        {
            foreach (var (key, value) in input.Tags!)
            {
                tags = Maps.With(tags, key, value);
            }

            return tags;
        });
        await RestJson.WriteEmptyAsync(context, 204);
    }

    public static async Task UntagResource(HttpContext context, RestApiService service, string resourceArn)
    {
        var keys = context.Request.Query["tagKeys"].Where(k => k is not null).Select(k => k!).ToList();
        await Edit(context, service, resourceArn, tags =>
        {
            foreach (var key in keys)
            {
                tags = Maps.Without(tags, key);
            }

            return tags;
        });
        await RestJson.WriteEmptyAsync(context, 204);
    }

    private static Task Edit(HttpContext context, RestApiService service, string resourceArn,
        Func<IReadOnlyDictionary<string, string>?, IReadOnlyDictionary<string, string>?> change)
    {
        var (apiId, stageName) = Parse(service, resourceArn);
        return service.EditAsync(apiId, edit =>
        {
            var document = edit.Document;
            if (stageName is null)
            {
                edit.Update(document with { RestApi = document.RestApi with { Tags = Empty(change(document.RestApi.Tags)) } });
            }
            else
            {
                var stage = document.FindStage(stageName) ?? throw RestErrors.StageNotFound();
                var tagged = stage with { Tags = Empty(change(stage.Tags)) };
                edit.Update(document with { Stages = [.. document.Stages.Select(s => s.StageName == stageName ? tagged : s)] });
            }

            return 0;
        }, context.RequestAborted);
    }

    private static IReadOnlyDictionary<string, string>? Empty(IReadOnlyDictionary<string, string>? tags) => tags is { Count: > 0 } ? tags : null;

    /// <summary><c>arn:aws:apigateway:{region}::/restapis/{id}</c> or <c>.../restapis/{id}/stages/{name}</c>.</summary>
    private static (string ApiId, string? StageName) Parse(RestApiService service, string resourceArn)
    {
        var arn = Uri.UnescapeDataString(resourceArn);
        var parts = arn.Split(':', 6);
        if (parts.Length != 6 || parts[0] != "arn" || parts[2] != "apigateway")
        {
            throw AwsException.BadRequest($"Invalid ARN. ARN is not well formed {arn}");
        }

        if (parts[3] != service.Options.Region)
        {
            throw AwsException.BadRequest($"Invalid ARN specified in the request: the region must be {service.Options.Region}");
        }

        var path = parts[5].Split('/');
        return path switch
        {
            ["", "restapis", { Length: > 0 } id] => (id, null),
            ["", "restapis", { Length: > 0 } id, "stages", { Length: > 0 } stage] => (id, stage),
            _ => throw AwsException.BadRequest("Invalid ARN specified in the request"),
        };
    }
}
