using System.Net;

namespace Gatehouse.IntegrationTests.Infrastructure;

/// <summary>
/// One Gatehouse server and one echo backend shared by the tests of a collection. Tests stay independent by each
/// creating its own API; nothing here is reset between tests.
/// </summary>
public sealed class GatehouseFixture : IAsyncLifetime
{
    private GatehouseProcess? _server;
    private EchoBackend? _backend;

    public GatehouseProcess Server => _server ?? throw new InvalidOperationException("not started");

    public EchoBackend Backend => _backend ?? throw new InvalidOperationException("not started");

    /// <summary>Signs control-plane requests with the development key (<see cref="ControlPlaneSigning"/>).</summary>
    public HttpClient Http { get; } = ControlPlaneSigning.CreateClient();

    /// <summary>Options that turn the control plane's request rate limit off.</summary>
    public static readonly string[] Unthrottled = ["--control-plane-rate-limit", "0"];

    public ControlPlaneClient Control { get; private set; } = null!;

    public DataPlaneClient DataPlane { get; private set; } = null!;

    public AwsCli Cli => new(Server.BaseAddress);

    public async Task InitializeAsync()
    {
        _backend = await EchoBackend.StartAsync();
        // Tests make hundreds of control-plane calls a second; the control plane's rate limit has its own test.
        _server = await GatehouseProcess.StartAsync(Unthrottled);
        Control = new ControlPlaneClient(Http, () => Server.BaseAddress);
        DataPlane = new DataPlaneClient(() => Server.Port);
    }

    public async Task DisposeAsync()
    {
        DataPlane?.Dispose();
        Http.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_backend is not null)
        {
            await _backend.DisposeAsync();
        }
    }

    /// <summary>Fails with the server's output when a condition does not hold (the output says why, usually).</summary>
    public void AssertServerAlive() =>
        Assert.True(Server.IsRunning, "gatehouse is no longer running. Output:\n" + Server.Output);
}

/// <summary>
/// The collections: each has its own server, and xunit runs collections in parallel (tests within one run in turn).
/// </summary>
public static class Collections
{
    public const string ControlPlane = "control plane";
    public const string DataPlane = "data plane";
    public const string Cli = "aws cli";
}

[CollectionDefinition(Collections.ControlPlane)]
public sealed class ControlPlaneCollection : ICollectionFixture<GatehouseFixture>;

[CollectionDefinition(Collections.DataPlane)]
public sealed class DataPlaneCollection : ICollectionFixture<GatehouseFixture>;

[CollectionDefinition(Collections.Cli)]
public sealed class CliCollection : ICollectionFixture<GatehouseFixture>;

/// <summary>Status code helpers for readable assertions.</summary>
internal static class StatusAssert
{
    public static async Task<string> ShouldBeAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text;
    }

    /// <summary>Asserts a gateway answer exactly as AWS gives it for HTTP APIs: status, JSON body, apigw-requestid.</summary>
    public static async Task ShouldBeGatewayErrorAsync(this HttpResponseMessage response, HttpStatusCode status, string body)
    {
        var text = await response.ShouldBeAsync(status);
        Assert.Equal(body, text);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.Contains("apigw-requestid"), "every data-plane answer carries apigw-requestid");
    }
}
