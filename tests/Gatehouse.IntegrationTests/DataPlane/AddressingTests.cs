using System.Net;
using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.DataPlane;

/// <summary>
/// How a request finds its API and stage: host style and path style addresses, named stages as the first path
/// segment, the $default stage served without one.
/// </summary>
[Collection(Collections.DataPlane)]
public sealed class AddressingTests(GatehouseFixture fixture)
{
    private ControlPlaneClient Control => fixture.Control;

    private DataPlaneClient DataPlane => fixture.DataPlane;

    [Theory]
    [InlineData(AddressStyle.Host)]
    [InlineData(AddressStyle.Path)]
    public async Task NamedStage_BothAddressStyles_ReachTheBackendWithPathQueryAndHeaders(AddressStyle style)
    {
        var apiId = await Control.CreateDeployedApiAsync(fixture.Backend.BaseUrl + "/{proxy}", "prod", "GET /greeting/{name}");

        var echo = await DataPlane.EchoAsync(DataPlane.Address(style, apiId, "/prod/greeting/world?lang=en&x=a%20b"), ("X-Custom", "yes"));

        Assert.Equal("GET", echo.Method);
        Assert.Equal("/greeting/world", echo.Path);
        Assert.Equal("lang=en&x=a%20b", echo.Query);
        Assert.Equal("yes", echo.Header("x-custom"));
    }

    [Fact]
    public async Task HostStyle_WithCurl_ResolvesStarDotLocalhostAndReachesTheApi()
    {
        // .NET's resolver (getaddrinfo) does not map *.localhost to loopback on every machine, which is why
        // DataPlaneClient connects to 127.0.0.1 itself; curl does map it (RFC 6761), and users are told to curl.
        const string curl = "/usr/bin/curl";
        Assert.True(File.Exists(curl), $"{curl} is needed for this test (scripts/test.sh installs it)");
        var apiId = await Control.CreateDeployedApiAsync(fixture.Backend.BaseUrl + "/{proxy}", "prod", "GET /hello");

        var start = new System.Diagnostics.ProcessStartInfo(curl, ["-sS", "--max-time", "20", $"http://{apiId}.execute-api.localhost:{fixture.Server.Port}/prod/hello?via=curl"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, $"curl exited {process.ExitCode}: {error}");
        var echo = EchoedRequest.Parse(output);
        Assert.Equal("/hello", echo.Path);
        Assert.Equal("via=curl", echo.Query);
    }

    [Theory]
    [InlineData(AddressStyle.Host)]
    [InlineData(AddressStyle.Path)]
    public async Task DefaultStage_IsServedWithoutAStageSegment(AddressStyle style)
    {
        var apiId = await Control.CreateApiAsync();
        var integrationId = await Control.CreateIntegrationAsync(apiId, fixture.Backend.BaseUrl + "/{proxy}");
        await Control.CreateRouteAsync(apiId, "GET /pets/{id}", integrationId);
        await Control.CreateStageAsync(apiId, "$default", new { autoDeploy = true });

        var echo = await DataPlane.EchoAsync(DataPlane.Address(style, apiId, "/pets/7?q=1"));

        Assert.Equal("/pets/7", echo.Path);
        Assert.Equal("q=1", echo.Query);
    }

    [Fact]
    public async Task NamedAndDefaultStages_FirstSegmentNamingAStageSelectsIt_OtherwiseTheDefaultStageServesTheWholePath()
    {
        var apiId = await Control.CreateApiAsync();
        var integrationId = await Control.CreateIntegrationAsync(apiId, fixture.Backend.BaseUrl + "/${stageVariables.stage}/{proxy}");
        await Control.CreateRouteAsync(apiId, "ANY /{proxy+}", integrationId);
        await Control.CreateStageAsync(apiId, "prod", new { stageVariables = new { stage = "from-prod" } });
        await Control.CreateStageAsync(apiId, "$default", new { stageVariables = new { stage = "from-default" } });
        await Control.DeployAsync(apiId, "prod");
        await Control.DeployAsync(apiId, "$default");

        var prod = await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/prod/pets"));
        var other = await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/dev/pets"));
        var caseDiffers = await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/PROD/pets"));

        Assert.Equal("/from-prod/pets", prod.Path);
        Assert.Equal("/from-default/dev/pets", other.Path);
        Assert.Equal("/from-default/PROD/pets", caseDiffers.Path);
    }

    [Fact]
    public async Task UnknownStage_WithoutDefaultStage_Returns404NotFound()
    {
        var apiId = await Control.CreateDeployedApiAsync(fixture.Backend.BaseUrl + "/{proxy}", "prod", "ANY /{proxy+}");

        using var response = await DataPlane.GetAsync(DataPlane.HostStyle(apiId, "/staging/pets"));

        await response.ShouldBeGatewayErrorAsync(HttpStatusCode.NotFound, """{"message":"Not Found"}""");
    }

    [Fact]
    public async Task StageWithoutDeployment_Returns404NotFound()
    {
        var apiId = await Control.CreateApiAsync();
        var integrationId = await Control.CreateIntegrationAsync(apiId, fixture.Backend.BaseUrl);
        await Control.CreateRouteAsync(apiId, "GET /pets", integrationId);
        await Control.CreateStageAsync(apiId, "prod");

        using var response = await DataPlane.GetAsync(DataPlane.HostStyle(apiId, "/prod/pets"));

        await response.ShouldBeGatewayErrorAsync(HttpStatusCode.NotFound, """{"message":"Not Found"}""");
    }

    [Theory]
    [InlineData(AddressStyle.Host)]
    [InlineData(AddressStyle.Path)]
    public async Task UnknownApi_Returns404NotFound(AddressStyle style)
    {
        using var response = await DataPlane.GetAsync(DataPlane.Address(style, "nosuchapi0", "/prod/pets"));

        await response.ShouldBeGatewayErrorAsync(HttpStatusCode.NotFound, """{"message":"Not Found"}""");
    }

    [Fact]
    public async Task StageRoot_WithRouteOnSlash_IsServed()
    {
        var apiId = await Control.CreateDeployedApiAsync(fixture.Backend.BaseUrl + "/root", "prod", "GET /");

        var withoutSlash = await DataPlane.EchoAsync(DataPlane.HostStyle(apiId, "/prod"));
        var withSlash = await DataPlane.EchoAsync(DataPlane.PathStyle(apiId, "/prod/"));

        Assert.Equal("/root", withoutSlash.Path);
        Assert.Equal("/root", withSlash.Path);
    }
}
