using System.Net;
using System.Text.RegularExpressions;
using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.Hosting;

/// <summary>
/// <c>--admin-urls</c>: the control plane and <c>/metrics</c> on the admin listener only; the public listener serves
/// the data plane and answers anything else 404 <c>{"message":"Not Found"}</c>.
/// </summary>
public sealed partial class AdminListenerTests
{
    [GeneratedRegex(@"Gatehouse admin listener on http://127\.0\.0\.1:(\d+)")]
    private static partial Regex AdminLine();

    /// <summary>The admin listener's address, from the line the server prints right after the public one.</summary>
    private static async Task<Uri> AdminAddressAsync(GatehouseProcess server)
    {
        for (var i = 0; i < 100 && !AdminLine().IsMatch(server.Output); i++)
        {
            await Task.Delay(50);
        }

        var match = AdminLine().Match(server.Output);
        Assert.True(match.Success, server.Output);
        return new Uri($"http://127.0.0.1:{match.Groups[1].Value}");
    }

    [Fact]
    public async Task AdminUrls_ControlPlaneAndMetricsOnlyThere_DataPlaneOnBoth()
    {
        await using var backend = await EchoBackend.StartAsync();
        await using var server = await GatehouseProcess.StartAsync([.. GatehouseFixture.Unthrottled, "--admin-urls", "http://127.0.0.1:0"]);
        var admin = await AdminAddressAsync(server);
        using var signed = ControlPlaneSigning.CreateClient();
        using var plain = new HttpClient();

        using var publicControl = await signed.GetAsync(new Uri(server.BaseAddress, "/v2/apis"));
        using var publicMetrics = await plain.GetAsync(new Uri(server.BaseAddress, "/metrics"));
        Assert.Equal(HttpStatusCode.NotFound, publicControl.StatusCode);
        Assert.Equal("{\"message\":\"Not Found\"}", await publicControl.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, publicMetrics.StatusCode);

        using var adminMetrics = await plain.GetAsync(new Uri(admin, "/metrics"));
        Assert.Equal(HttpStatusCode.OK, adminMetrics.StatusCode);
        var apiId = await new ControlPlaneClient(signed, () => admin).CreateDeployedApiAsync(backend.BaseUrl + "/split", "prod", "GET /split");
        (await new AwsCli(admin).ApiGatewayV2Async("get-api", "--api-id", apiId)).ShouldSucceed();

        using var viaPublic = new DataPlaneClient(() => server.Port);
        Assert.Equal("/split", (await viaPublic.EchoAsync(viaPublic.PathStyle(apiId, "/prod/split"))).Path);
        using var viaAdmin = new DataPlaneClient(() => admin.Port);
        Assert.Equal("/split", (await viaAdmin.EchoAsync(viaAdmin.PathStyle(apiId, "/prod/split"))).Path);
    }

    [Theory]
    [InlineData("--admin-urls", "https://127.0.0.1:0")]
    [InlineData("--urls", "http://example.com:8080")]
    public async Task Serve_AddressItCannotListenOn_RefusesToStartNamingIt(string option, string url)
    {
        var result = await GatehouseProcess.RunUntilExitAsync(option == "--urls" ? [option, url] : ["--urls", "http://127.0.0.1:0", option, url]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(option + ": '" + url, result.Stderr, StringComparison.Ordinal);
    }
}
