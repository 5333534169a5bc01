namespace Gatehouse.DataPlane.Authorization;

/// <summary>
/// The ARN of the route a request takes, as IAM policies and Lambda authorizers see it:
/// <c>arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path}</c>, the path decoded, without the stage
/// and its leading slash.
/// </summary>
public static class RouteArns
{
    public static string For(string region, RequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = context.StagePath.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(context.StagePath) : context.StagePath;
        return $"arn:aws:execute-api:{region}:{context.AccountId}:{context.ApiId}/{context.StageName}/{context.HttpMethod}/{path.AsSpan(1)}";
    }
}
