using Gatehouse.DataPlane;
using Gatehouse.DataPlane.Apis;
using Gatehouse.DataPlane.Cors;
using Gatehouse.DataPlane.Integrations;
using Gatehouse.DataPlane.Routing;
using Gatehouse.Model.HttpApis;

namespace Gatehouse.UnitTests.DataPlane;

/// <summary>Builds request contexts as the pipeline would, for tests of single steps.</summary>
internal static class TestRequests
{
    public static RequestContext Context(string routeKey, string stagePath, Integration? integration = null,
        IReadOnlyDictionary<string, string>? stageVariables = null, string stageName = "prod") =>
        Context(routeKey, stagePath, integration is null ? null : new HttpProxyIntegration(integration), stageVariables, stageName);

    public static RequestContext Context(string routeKey, string stagePath, CompiledIntegration? integration,
        IReadOnlyDictionary<string, string>? stageVariables = null, string stageName = "prod", CorsPolicy? cors = null)
    {
        var key = RouteKey.Parse(routeKey);
        var route = new CompiledRoute(key, integration, []);
        var deployment = new CompiledDeployment("d1", new RouteTable<CompiledRoute>(), cors, disableExecuteApiEndpoint: false);
        var stage = new CompiledStage(stageName, deployment, stageVariables ?? new Dictionary<string, string>());
        return new RequestContext
        {
            RequestId = "abcdefghijklmno=",
            ApiId = "api0000001",
            AccountId = "000000000000",
            DomainName = "api0000001.execute-api.localhost",
            HttpMethod = "GET",
            Path = stageName == Stage.DefaultStageName ? stagePath : "/" + stageName + stagePath,
            RequestTimeEpoch = 0,
            SourceIp = "127.0.0.1",
            TraceId = "Root=1-00000000-0123456789abcdef01234567;Parent=0123456789abcdef;Sampled=0",
            StagePath = stagePath,
            Stage = stage,
            Route = route,
            PathSegments = RequestPath.Split(stagePath),
        };
    }

    public static Integration HttpProxy(string uri, Dictionary<string, string>? requestParameters = null) => new()
    {
        IntegrationId = "i1",
        IntegrationType = "HTTP_PROXY",
        IntegrationMethod = "ANY",
        IntegrationUri = uri,
        RequestParameters = requestParameters,
    };

    public static CorsPolicy Cors(Cors cors) => new(cors);
}
