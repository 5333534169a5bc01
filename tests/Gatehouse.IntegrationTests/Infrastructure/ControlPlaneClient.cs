using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gatehouse.IntegrationTests.Infrastructure;

/// <summary>
/// The apigatewayv2 rest-json wire spoken directly with HttpClient (camelCase members, as botocore sends them):
/// cheaper than the CLI for broad coverage. Helpers create the usual resources and return their ids.
/// </summary>
public sealed class ControlPlaneClient(HttpClient http, Func<Uri> baseAddress)
{
    public async Task<ControlPlaneResponse> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(baseAddress(), path));
        if (body is not null)
        {
            var json = body as string ?? JsonSerializer.Serialize(body);
            request.Content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var headers = response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
        return new ControlPlaneResponse($"{method} {path}", response.StatusCode, headers, text);
    }

    public Task<ControlPlaneResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<ControlPlaneResponse> PostAsync(string path, object body) => SendAsync(HttpMethod.Post, path, body);

    public Task<ControlPlaneResponse> PatchAsync(string path, object body) => SendAsync(HttpMethod.Patch, path, body);

    public Task<ControlPlaneResponse> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    /// <summary>Creates an HTTP API (no routes, no stages) and returns its id.</summary>
    public async Task<string> CreateApiAsync(string? name = null, object? cors = null)
    {
        var body = new JsonObject { ["name"] = name ?? "it-" + Guid.NewGuid().ToString("N")[..8], ["protocolType"] = "HTTP" };
        if (cors is not null)
        {
            body["corsConfiguration"] = JsonSerializer.SerializeToNode(cors);
        }

        return (await PostAsync("/v2/apis", body)).ShouldBe(HttpStatusCode.Created).Member("apiId");
    }

    /// <summary>Creates an HTTP_PROXY integration (method ANY unless <paramref name="extra"/> says otherwise).</summary>
    public async Task<string> CreateIntegrationAsync(string apiId, string uri, object? extra = null)
    {
        var body = new JsonObject
        {
            ["integrationType"] = "HTTP_PROXY",
            ["integrationMethod"] = "ANY",
            ["integrationUri"] = uri,
            ["payloadFormatVersion"] = "1.0",
        };
        Merge(body, extra);
        return (await PostAsync($"/v2/apis/{apiId}/integrations", body)).ShouldBe(HttpStatusCode.Created).Member("integrationId");
    }

    public async Task<string> CreateRouteAsync(string apiId, string routeKey, string? integrationId, object? extra = null)
    {
        var body = new JsonObject { ["routeKey"] = routeKey };
        if (integrationId is not null)
        {
            body["target"] = "integrations/" + integrationId;
        }

        Merge(body, extra);
        return (await PostAsync($"/v2/apis/{apiId}/routes", body)).ShouldBe(HttpStatusCode.Created).Member("routeId");
    }

    public async Task<JsonElement> CreateStageAsync(string apiId, string stageName, object? extra = null)
    {
        var body = new JsonObject { ["stageName"] = stageName };
        Merge(body, extra);
        return (await PostAsync($"/v2/apis/{apiId}/stages", body)).ShouldBe(HttpStatusCode.Created).Json;
    }

    /// <summary>Deploys the API to a stage and returns the deployment id.</summary>
    public async Task<string> DeployAsync(string apiId, string stageName) =>
        (await PostAsync($"/v2/apis/{apiId}/deployments", new { stageName })).ShouldBe(HttpStatusCode.Created).Member("deploymentId");

    /// <summary>One integration to <paramref name="uri"/>, routes to it, a stage, and a deployment: a served API.</summary>
    public async Task<string> CreateDeployedApiAsync(string uri, string stageName, params string[] routeKeys)
    {
        var apiId = await CreateApiAsync();
        var integrationId = await CreateIntegrationAsync(apiId, uri);
        foreach (var routeKey in routeKeys)
        {
            await CreateRouteAsync(apiId, routeKey, integrationId);
        }

        await CreateStageAsync(apiId, stageName);
        await DeployAsync(apiId, stageName);
        return apiId;
    }

    private static void Merge(JsonObject body, object? extra)
    {
        if (extra is null)
        {
            return;
        }

        foreach (var (key, value) in JsonSerializer.SerializeToNode(extra)!.AsObject())
        {
            body[key] = value?.DeepClone();
        }
    }
}

/// <summary>A control-plane answer: status, headers, body.</summary>
public sealed class ControlPlaneResponse(string request, HttpStatusCode status, IReadOnlyDictionary<string, string> headers, string text)
{
    public string Request { get; } = request;

    public HttpStatusCode Status { get; } = status;

    public IReadOnlyDictionary<string, string> Headers { get; } = headers;

    public string Text { get; } = text;

    public JsonElement Json => Text.Length == 0 ? default : JsonDocument.Parse(Text).RootElement;

    public string? ErrorType => Headers.GetValueOrDefault("x-amzn-ErrorType");

    public string Member(string name) =>
        Json.TryGetProperty(name, out var value) ? value.GetString()! : throw new InvalidOperationException($"{Request}: no '{name}' in {Text}");

    public ControlPlaneResponse ShouldBe(HttpStatusCode expected)
    {
        Assert.True(Status == expected, $"{Request}: expected {(int)expected} {expected}, got {(int)Status} {Status}: {Text}");
        return this;
    }

    /// <summary>
    /// Asserts AWS's rest-json error: the status, <c>x-amzn-ErrorType</c>, a JSON body with <c>message</c>; returns the message.
    /// </summary>
    public string ShouldBeError(HttpStatusCode status, string errorType)
    {
        ShouldBe(status);
        Assert.True(ErrorType == errorType, $"{Request}: expected x-amzn-ErrorType {errorType}, got '{ErrorType}': {Text}");
        Assert.StartsWith("application/json", Headers.GetValueOrDefault("Content-Type") ?? "", StringComparison.Ordinal);
        Assert.True(Json.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String,
            $"{Request}: expected a body with a string 'message', got {Text}");
        return message.GetString()!;
    }
}
