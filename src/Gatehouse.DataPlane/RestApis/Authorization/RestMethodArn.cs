namespace Gatehouse.DataPlane.RestApis.Authorization;

/// <summary>
/// The ARN of the method a REST request invokes, as Lambda authorizers and policies see it:
/// <c>arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path}</c>, with the request's own path below
/// the stage (decoded, without its leading slash), not the resource's.
/// </summary>
public static class RestMethodArn
{
    public static string For(string region, RequestContext context, RestRequestState state)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(state);
        var path = state.Path.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(state.Path) : state.Path;
        return $"arn:aws:execute-api:{region}:{context.AccountId}:{context.ApiId}/{state.Stage.Name}/{context.HttpMethod}/{path.TrimStart('/')}";
    }
}
