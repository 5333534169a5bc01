using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.Acceptance;

/// <summary>
/// Bad input gets AWS's error shape, as the CLI v2 reports it: exit code 254 and
/// <c>An error occurred (Code) when calling the Operation operation: message</c> on stderr.
/// </summary>
[Collection(Collections.Cli)]
public sealed class AwsCliErrorTests(GatehouseFixture fixture)
{
    private AwsCli Cli => fixture.Cli;

    private ControlPlaneClient Control => fixture.Control;

    [Fact]
    public async Task GetApi_UnknownApiId_NotFoundException()
    {
        var result = await Cli.ApiGatewayV2Async("get-api", "--api-id", "nosuchapi0");

        Assert.Equal("Invalid API identifier specified 000000000000:nosuchapi0", result.ShouldFailWith("NotFoundException", "GetApi"));
    }

    [Fact]
    public async Task CreateRoute_BadRouteKey_BadRequestExceptionNamingTheRouteKey()
    {
        var apiId = await Control.CreateApiAsync();

        var result = await Cli.ApiGatewayV2Async("create-route", "--api-id", apiId, "--route-key", "GET pets");

        var message = result.ShouldFailWith("BadRequestException", "CreateRoute");
        Assert.Contains("GET pets", message, StringComparison.Ordinal);
        Assert.Contains("route key", message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task CreateRoute_UnknownIntegrationTarget_BadRequestExceptionNamingTheTarget()
    {
        var apiId = await Control.CreateApiAsync();

        var result = await Cli.ApiGatewayV2Async("create-route", "--api-id", apiId, "--route-key", "GET /pets", "--target", "integrations/nosuch1");

        var message = result.ShouldFailWith("BadRequestException", "CreateRoute");
        Assert.Contains("Target", message, StringComparison.Ordinal);
        Assert.Contains("nosuch1", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateRoute_DuplicateRouteKey_ConflictException()
    {
        var apiId = await Control.CreateApiAsync();
        await Control.CreateRouteAsync(apiId, "GET /pets", integrationId: null);

        var result = await Cli.ApiGatewayV2Async("create-route", "--api-id", apiId, "--route-key", "GET /pets");

        Assert.Contains("GET /pets", result.ShouldFailWith("ConflictException", "CreateRoute"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateStage_DuplicateStage_ConflictException()
    {
        var apiId = await Control.CreateApiAsync();
        await Control.CreateStageAsync(apiId, "prod");

        var result = await Cli.ApiGatewayV2Async("create-stage", "--api-id", apiId, "--stage-name", "prod");

        Assert.Contains("prod", result.ShouldFailWith("ConflictException", "CreateStage"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateStage_BadStageName_BadRequestExceptionNamingTheStage()
    {
        var apiId = await Control.CreateApiAsync();

        var result = await Cli.ApiGatewayV2Async("create-stage", "--api-id", apiId, "--stage-name", "bad stage!");

        Assert.Contains("stage name", result.ShouldFailWith("BadRequestException", "CreateStage"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task CreateIntegration_TimeoutOutOfRange_BadRequestExceptionNamingTimeoutInMillis()
    {
        var apiId = await Control.CreateApiAsync();

        var result = await Cli.ApiGatewayV2Async("create-integration", "--api-id", apiId, "--integration-type", "HTTP_PROXY",
            "--integration-method", "ANY", "--integration-uri", "http://127.0.0.1:9/", "--payload-format-version", "1.0", "--timeout-in-millis", "40000");

        Assert.Contains("TimeoutInMillis", result.ShouldFailWith("BadRequestException", "CreateIntegration"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteIntegration_UsedByARoute_ConflictException()
    {
        var apiId = await Control.CreateApiAsync();
        var integrationId = await Control.CreateIntegrationAsync(apiId, fixture.Backend.BaseUrl);
        await Control.CreateRouteAsync(apiId, "GET /pets", integrationId);

        var result = await Cli.ApiGatewayV2Async("delete-integration", "--api-id", apiId, "--integration-id", integrationId);

        result.ShouldFailWith("ConflictException", "DeleteIntegration");
    }

    [Fact]
    public async Task GetStage_UnknownStage_NotFoundException()
    {
        var apiId = await Control.CreateApiAsync();

        var result = await Cli.ApiGatewayV2Async("get-stage", "--api-id", apiId, "--stage-name", "nosuch");

        Assert.Contains("nosuch", result.ShouldFailWith("NotFoundException", "GetStage"), StringComparison.Ordinal);
    }
}
