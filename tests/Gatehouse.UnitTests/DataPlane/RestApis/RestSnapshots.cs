using Gatehouse.Model.RestApis;

namespace Gatehouse.UnitTests.DataPlane.RestApis;

/// <summary>Builds REST deployment snapshots from resource paths, as a deployment of the control plane's tree would.</summary>
internal static class RestSnapshots
{
    public const string Lambda = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:f/invocations";

    /// <summary>One resource per path (parents made as needed), each with the given methods integrated as AWS_PROXY.</summary>
    public static RestDeploymentSnapshot Snapshot(params (string Path, string[] Methods)[] resources) =>
        Snapshot(resources, m => m);

    public static RestDeploymentSnapshot Snapshot((string Path, string[] Methods)[] resources, Func<RestMethod, RestMethod> shape,
        IReadOnlyList<RestModel>? models = null, IReadOnlyList<RequestValidator>? validators = null, IReadOnlyList<RestGatewayResponse>? responses = null)
    {
        var byPath = new Dictionary<string, RestResource>(StringComparer.Ordinal) { ["/"] = new() { Id = "root", Path = "/" } };
        RestResource Ensure(string path)
        {
            if (byPath.TryGetValue(path, out var existing))
            {
                return existing;
            }

            var slash = path.LastIndexOf('/');
            var parent = Ensure(slash == 0 ? "/" : path[..slash]);
            var resource = new RestResource { Id = "r" + byPath.Count, ParentId = parent.Id, PathPart = path[(slash + 1)..], Path = path };
            byPath[path] = resource;
            return resource;
        }

        foreach (var (path, methods) in resources)
        {
            var resource = Ensure(path);
            byPath[path] = resource with
            {
                ResourceMethods = methods.ToDictionary(m => m, m => shape(new RestMethod
                {
                    HttpMethod = m,
                    AuthorizationType = "NONE",
                    MethodIntegration = new RestIntegration { Type = "AWS_PROXY", HttpMethod = "POST", Uri = Lambda },
                })),
            };
        }

        return new RestDeploymentSnapshot
        {
            DeploymentId = "dep1",
            Resources = [.. byPath.Values],
            Models = models ?? [],
            RequestValidators = validators ?? [],
            GatewayResponses = responses ?? [.. GatewayResponseTypes.All.Select(t => GatewayResponseTypes.Default(t.Type))],
        };
    }
}
