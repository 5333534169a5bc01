using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.ControlPlane.Lambda;

/// <summary>TagResource, UntagResource and ListTags on function ARNs.</summary>
internal static partial class TagOperations
{
    private const string ArnPattern = @"arn:(aws[a-zA-Z-]*)?:lambda:[a-z]{2}(-gov)?-[a-z]+-\d{1}:\d{12}:function:[a-zA-Z0-9-_]+(:(\$LATEST|[a-zA-Z0-9-_]+))?";
    private const int MaxTags = 50;

    public static async Task ListTags(HttpContext context, FunctionService service, string arn)
    {
        var function = ParseArn(arn);
        var document = await service.GetAsync(function, context.RequestAborted);
        await LambdaJson.WriteAsync(context, 200, new { Tags = document.Tags });
    }

    public static async Task TagResource(HttpContext context, FunctionService service, string arn)
    {
        var function = ParseArn(arn);
        var input = await LambdaJson.ReadBodyAsync<LambdaTagsInput>(context.Request, "TagResource");
        var validation = new LambdaValidation();
        validation.NotNull(input.Tags, "tags");
        validation.ThrowIfAny();
        CheckTags(input.Tags);
        await service.EditAsync(function, edit =>
        {
            var tags = edit.Document.Tags.ToDictionary();
            foreach (var (key, value) in input.Tags!)
            {
                tags[key] = value;
            }

            CheckTags(tags);
            edit.Update(edit.Document with { Tags = tags });
            return 0;
        }, context.RequestAborted);
        context.Response.StatusCode = 204;
    }

    public static async Task UntagResource(HttpContext context, FunctionService service, string arn)
    {
        var function = ParseArn(arn);
        var keys = context.Request.Query["tagKeys"];
        var validation = new LambdaValidation();
        validation.NotNull(keys.Count == 0 ? null : (object)keys, "tagKeys");
        validation.ThrowIfAny();
        await service.EditAsync(function, edit =>
        {
            var tags = edit.Document.Tags.ToDictionary();
            if (keys.Aggregate(false, (removed, key) => tags.Remove(key!) | removed))
            {
                edit.Update(edit.Document with { Tags = tags });
            }

            return 0;
        }, context.RequestAborted);
        context.Response.StatusCode = 204;
    }

    /// <summary>Lambda's tag rules: at most 50, keys of 1 to 128 characters not starting with <c>aws:</c>, values up to 256.</summary>
    public static void CheckTags(IReadOnlyDictionary<string, string>? tags)
    {
        if (tags is null)
        {
            return;
        }

        if (tags.Count > MaxTags)
        {
            throw LambdaErrors.InvalidParameter($"Number of tags exceeds resource tag limit. A function can have at most {MaxTags} tags.");
        }

        foreach (var (key, value) in tags)
        {
            if (key.Length is < 1 or > 128 || key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            {
                throw LambdaErrors.InvalidParameter($"Invalid tag key '{key}': keys are 1 to 128 characters and must not start with 'aws:'.");
            }

            if (value.Length > 256)
            {
                throw LambdaErrors.InvalidParameter($"Invalid value for tag '{key}': values are at most 256 characters.");
            }
        }
    }

    // The SDKs send the ARN as one percent-encoded path segment; routing leaves an encoded '/' encoded.
    private static FunctionRef ParseArn(string arn)
    {
        var text = Uri.UnescapeDataString(arn);
        if (!ArnRegex().IsMatch(text))
        {
            var validation = new LambdaValidation();
            validation.Add(text, "resource", "Member must satisfy regular expression pattern: " + ArnPattern);
            validation.ThrowIfAny();
        }

        var function = FunctionRef.Parse(text);
        return function.IsQualified
            ? throw LambdaErrors.InvalidParameter("Tags on function aliases and versions are not supported. Please specify a function ARN.")
            : function;
    }

    [GeneratedRegex(@"^arn:(aws[a-zA-Z-]*)?:lambda:[a-z]{2}(-gov)?-[a-z]+-\d{1}:\d{12}:function:[a-zA-Z0-9_-]+(:(\$LATEST|[a-zA-Z0-9_-]+))?$")]
    private static partial Regex ArnRegex();
}
