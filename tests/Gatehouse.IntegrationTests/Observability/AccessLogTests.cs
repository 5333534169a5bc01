using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.Observability;

/// <summary>
/// A stage's access log end to end (http-api-logging, http-api-logging-variables): the format set with the real AWS CLI
/// (<c>update-stage --access-log-settings</c>), requests sent, and each line read back with <c>aws logs
/// filter-log-events</c> and checked variable by variable against the request that produced it.
/// </summary>
[Collection(Collections.DataPlane)]
public sealed class AccessLogTests(GatehouseFixture fixture)
{
    /// <summary>Every HTTP API variable Gatehouse knows a value for, and some it never has (they log <c>-</c>).</summary>
    private static readonly string[] Variables =
    [
        "accountId", "apiId", "dataProcessed", "domainName", "domainPrefix", "error.message", "error.responseType",
        "extendedRequestId", "httpMethod", "identity.sourceIp", "identity.userAgent", "identity.caller", "identity.userArn",
        "integration.error", "integration.integrationStatus", "integration.latency", "integration.requestId",
        "integration.status", "integrationErrorMessage", "integrationLatency", "integrationStatus", "path", "protocol",
        "requestId", "requestTime", "requestTimeEpoch", "responseLatency", "responseLength", "routeKey", "stage", "status",
        "authorizer.error", "authorizer.claims.sub", "authorizer.principalId", "awsEndpointRequestId",
        "customDomain.basePathMatched", "identity.cognitoIdentityId",
    ];

    private static string JsonFormat() =>
        "{" + string.Join(",", Variables.Select(v => $"\"{v}\":\"$context.{v}\"")) + "}";

    private async Task<(string ApiId, string Group)> CreateLoggedApiAsync(string backendPath)
    {
        var group = "/test/access-" + Guid.NewGuid().ToString("N")[..8];
        (await fixture.Cli.RunAsync("logs", "create-log-group", "--log-group-name", group)).ShouldSucceed();
        var apiId = await fixture.Control.CreateDeployedApiAsync(fixture.Backend.BaseUrl + backendPath, "prod", "POST /items/{id}");
        var settings = JsonSerializer.Serialize(new { DestinationArn = $"arn:aws:logs:us-east-1:000000000000:log-group:{group}", Format = JsonFormat() });
        var stage = (await fixture.Cli.ApiGatewayV2Async("update-stage", "--api-id", apiId, "--stage-name", "prod",
            "--access-log-settings", settings)).ShouldSucceed().Json;
        Assert.Equal(JsonFormat(), stage.GetProperty("AccessLogSettings").GetProperty("Format").GetString());
        return (apiId, group);
    }

    /// <summary>The line logged for a request id, parsed, once it is there (the writer is asynchronous).</summary>
    private async Task<JsonElement> LineAsync(string group, string requestId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        CliResult? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await fixture.Cli.RunAsync("logs", "filter-log-events", "--log-group-name", group);
            if (last.ExitCode == 0)
            {
                foreach (var logEvent in last.Json.GetProperty("events").EnumerateArray())
                {
                    var line = JsonDocument.Parse(logEvent.GetProperty("message").GetString()!).RootElement;
                    if (line.GetProperty("requestId").GetString() == requestId)
                    {
                        Assert.EndsWith("_prod", logEvent.GetProperty("logStreamName").GetString(), StringComparison.Ordinal);
                        return line;
                    }
                }
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"no access log line for {requestId} in {group}: {last?.Stdout}{last?.Stderr}");
    }

    [Fact]
    public async Task AccessLog_ProxiedRequest_EveryVariableIsTheRequests()
    {
        var (apiId, group) = await CreateLoggedApiAsync("/status/201");
        var body = "{\"name\":\"widget\"}";
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        using var response = await fixture.DataPlane.SendAsync(HttpMethod.Post, fixture.DataPlane.HostStyle(apiId, "/prod/items/42"),
            new StringContent(body, Encoding.UTF8, "application/json"), ("User-Agent", "access-log-test/1.0"));

        var answer = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var requestId = response.Headers.GetValues("apigw-requestid").Single();
        var line = await LineAsync(group, requestId);
        string Value(string name) => line.GetProperty(name).GetString()!;
        long Number(string name) => long.Parse(Value(name), CultureInfo.InvariantCulture);

        Assert.Equal("000000000000", Value("accountId"));
        Assert.Equal(apiId, Value("apiId"));
        Assert.Equal($"{apiId}.execute-api.localhost", Value("domainName"));
        Assert.Equal(apiId, Value("domainPrefix"));
        Assert.Equal(requestId, Value("extendedRequestId"));
        Assert.Equal("POST", Value("httpMethod"));
        Assert.Equal("127.0.0.1", Value("identity.sourceIp"));
        Assert.Equal("access-log-test/1.0", Value("identity.userAgent"));
        Assert.Equal("/prod/items/42", Value("path"));
        Assert.Equal("HTTP/1.1", Value("protocol"));
        Assert.Equal("POST /items/{id}", Value("routeKey"));
        Assert.Equal("prod", Value("stage"));
        Assert.Equal("201", Value("status"));
        Assert.Equal("201", Value("integrationStatus"));
        Assert.Equal("201", Value("integration.status"));
        Assert.Equal("201", Value("integration.integrationStatus"));
        Assert.Equal(answer.Length, Number("responseLength"));
        Assert.Equal(Encoding.UTF8.GetByteCount(body) + answer.Length, Number("dataProcessed"));
        var epoch = Number("requestTimeEpoch");
        Assert.InRange(epoch, before - 1000, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(epoch).ToString("dd/MMM/yyyy:HH:mm:ss +0000", CultureInfo.InvariantCulture), Value("requestTime"));
        Assert.Equal(Value("integrationLatency"), Value("integration.latency"));
        Assert.InRange(Number("integrationLatency"), 0, Number("responseLatency"));
        foreach (var absent in new[]
        {
            "error.message", "error.responseType", "identity.caller", "identity.userArn", "integration.error", "integrationErrorMessage",
            "authorizer.error", "authorizer.claims.sub", "authorizer.principalId", "awsEndpointRequestId", "integration.requestId",
            "customDomain.basePathMatched", "identity.cognitoIdentityId",
        })
        {
            Assert.True(Value(absent) == "-", $"{absent} should be '-', was '{Value(absent)}'");
        }
    }

    [Fact]
    public async Task AccessLog_GatewayError_LogsTheErrorAndNoIntegration()
    {
        var (apiId, group) = await CreateLoggedApiAsync("/never");

        using var response = await fixture.DataPlane.SendAsync(HttpMethod.Get, fixture.DataPlane.HostStyle(apiId, "/prod/nothing/here"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var line = await LineAsync(group, response.Headers.GetValues("apigw-requestid").Single());
        Assert.Equal("404", line.GetProperty("status").GetString());
        Assert.Equal("Not Found", line.GetProperty("error.message").GetString());
        Assert.Equal("RESOURCE_NOT_FOUND", line.GetProperty("error.responseType").GetString());
        Assert.Equal("-", line.GetProperty("routeKey").GetString());
        Assert.Equal("-", line.GetProperty("integrationStatus").GetString());
        Assert.Equal("-", line.GetProperty("integrationLatency").GetString());
        Assert.Equal("GET", line.GetProperty("httpMethod").GetString());
    }

    [Fact]
    public async Task AccessLog_UnreachableBackend_LogsTheIntegrationError()
    {
        var group = "/test/access-" + Guid.NewGuid().ToString("N")[..8];
        (await fixture.Cli.RunAsync("logs", "create-log-group", "--log-group-name", group)).ShouldSucceed();
        var apiId = await fixture.Control.CreateDeployedApiAsync("http://127.0.0.1:9/closed", "prod", "GET /down");
        (await fixture.Cli.ApiGatewayV2Async("update-stage", "--api-id", apiId, "--stage-name", "prod", "--access-log-settings",
            JsonSerializer.Serialize(new
            {
                DestinationArn = $"arn:aws:logs:us-east-1:000000000000:log-group:{group}",
                Format = "{\"requestId\":\"$context.requestId\",\"status\":\"$context.status\",\"error\":\"$context.integrationErrorMessage\",\"type\":\"$context.error.responseType\"}",
            }))).ShouldSucceed();

        using var response = await fixture.DataPlane.GetAsync(fixture.DataPlane.PathStyle(apiId, "/prod/down"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var line = await LineAsync(group, response.Headers.GetValues("apigw-requestid").Single());
        Assert.Equal("503", line.GetProperty("status").GetString());
        Assert.Equal("INTEGRATION_FAILURE", line.GetProperty("type").GetString());
        Assert.NotEqual("-", line.GetProperty("error").GetString());
    }
}
