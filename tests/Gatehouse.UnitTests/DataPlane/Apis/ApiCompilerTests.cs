using Gatehouse.DataPlane.Apis;
using Gatehouse.DataPlane.Integrations;
using Gatehouse.DataPlane.Integrations.Lambda;
using Gatehouse.Model.HttpApis;
using Gatehouse.Store;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gatehouse.UnitTests.DataPlane.Apis;

public sealed class ApiCompilerTests
{
    [Fact]
    public void Compile_HttpAndLambdaIntegrations_EachRouteGetsItsKind()
    {
        var snapshot = new DeploymentSnapshot
        {
            DeploymentId = "d1",
            Integrations =
            [
                new Integration { IntegrationId = "http1", IntegrationType = "HTTP_PROXY", IntegrationMethod = "ANY", IntegrationUri = "http://backend", PayloadFormatVersion = "1.0" },
                new Integration
                {
                    IntegrationId = "fn1", IntegrationType = "AWS_PROXY", IntegrationMethod = "POST", PayloadFormatVersion = "1.0", TimeoutInMillis = 5000,
                    IntegrationUri = "arn:aws:lambda:us-east-1:000000000000:function:hello:live",
                },
                new Integration
                {
                    IntegrationId = "fn2", IntegrationType = "AWS_PROXY", IntegrationMethod = "POST", PayloadFormatVersion = "2.0",
                    IntegrationUri = "arn:aws:lambda:us-east-1:000000000000:function:${stageVariables.fn}",
                },
            ],
            Routes =
            [
                new Route { RouteId = "r1", RouteKey = "GET /http", Target = "integrations/http1" },
                new Route { RouteId = "r2", RouteKey = "GET /v1", Target = "integrations/fn1" },
                new Route { RouteId = "r3", RouteKey = "GET /v2", Target = "integrations/fn2" },
            ],
        };

        var deployment = ApiCompiler.Compile(snapshot);

        Assert.IsType<HttpProxyIntegration>(deployment.Routes.Match("GET", ["http"])!.Integration);
        var v1 = Assert.IsType<LambdaProxyIntegration>(deployment.Routes.Match("GET", ["v1"])!.Integration);
        Assert.Equal(LambdaPayloadFormat.V1, v1.PayloadFormat);
        Assert.Equal(TimeSpan.FromSeconds(5), v1.Timeout);
        var stage = new CompiledStage("prod", deployment, new Dictionary<string, string>());
        Assert.Equal("arn:aws:lambda:us-east-1:000000000000:function:hello", v1.FunctionFor(stage)!.FunctionArn);
        Assert.Equal("live", v1.FunctionFor(stage)!.Qualifier);

        var v2 = Assert.IsType<LambdaProxyIntegration>(deployment.Routes.Match("GET", ["v2"])!.Integration);
        Assert.Equal(LambdaPayloadFormat.V2, v2.PayloadFormat);
        Assert.Equal(TimeSpan.FromSeconds(30), v2.Timeout);
        Assert.Null(v2.FunctionFor(stage));
        var blue = new CompiledStage("blue", deployment, new Dictionary<string, string> { ["fn"] = "orders" });
        Assert.Equal("arn:aws:lambda:us-east-1:000000000000:function:orders", v2.FunctionFor(blue)!.FunctionArn);
        Assert.Same(v2.FunctionFor(blue), v2.FunctionFor(blue));
    }

    [Fact]
    public async Task OnChangeAsync_RestApiChange_LeavesTheHttpApisAlone()
    {
        var registry = new ApiRegistry();
        using var compiler = new ApiCompiler(null!, registry, NullLogger<ApiCompiler>.Instance);
        var document = new ApiDocument { Api = new Api { ApiId = "abc123", Name = "a", ProtocolType = "HTTP", RouteSelectionExpression = "${request.method} ${request.path}" } };
        await compiler.OnChangeAsync(new ConfigChange("abc123", document), CancellationToken.None);

        // A REST API's change has no HTTP document; read as an HTTP change it would look like a deletion.
        await compiler.OnChangeAsync(new ConfigChange("abc123", null) { IsRestApi = true }, CancellationToken.None);

        Assert.NotNull(registry.Find("abc123"));
        await compiler.OnChangeAsync(new ConfigChange("abc123", null), CancellationToken.None);
        Assert.Null(registry.Find("abc123"));
    }
}
