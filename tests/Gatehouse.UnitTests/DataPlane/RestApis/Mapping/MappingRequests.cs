using System.Text;
using Gatehouse.DataPlane.RestApis.Mapping;
using Gatehouse.Model.RestApis;

namespace Gatehouse.UnitTests.DataPlane.RestApis.Mapping;

/// <summary>Method requests and integrations for the mapping tests.</summary>
internal static class MappingRequests
{
    public const string ApiId = "abc123defg";

    public static RestRequestContext Context(string httpMethod = "POST") => new()
    {
        RequestId = "c0475a28-8de8-11e7-8d3f-4183da788f0f",
        ExtendedRequestId = "FiV9AHvHoAMFtsg=",
        AccountId = "123456789012",
        ApiId = ApiId,
        DeploymentId = "dep123",
        DomainName = ApiId + ".execute-api.us-east-1.amazonaws.com",
        DomainPrefix = ApiId,
        HttpMethod = httpMethod,
        ResourceId = "res1",
        ResourcePath = "/{city}",
        Path = "/prod/Seattle",
        Stage = "prod",
        RequestTime = "31/Aug/2017:01:07:25 +0000",
        RequestTimeEpoch = 1504141645000,
        Identity = new RestIdentity { SourceIp = "192.0.2.1", UserAgent = "curl/8.0" },
        Authorizer = new Dictionary<string, object?>
        {
            ["principalId"] = "user-1",
            ["count"] = 1,
            ["admin"] = true,
            ["claims"] = new Dictionary<string, object?> { ["email"] = "jane@example.com" },
        },
    };

    public static MethodRequestData Request(
        string body = "",
        string httpMethod = "POST",
        IEnumerable<(string, string)>? headers = null,
        IEnumerable<(string, string)>? query = null,
        IDictionary<string, string>? path = null,
        IDictionary<string, string>? stageVariables = null) => new()
        {
            HttpMethod = httpMethod,
            Body = Encoding.UTF8.GetBytes(body),
            Headers = [.. (headers ?? []).Select(h => new KeyValuePair<string, string>(h.Item1, h.Item2))],
            QueryString = [.. (query ?? []).Select(q => new KeyValuePair<string, string>(q.Item1, q.Item2))],
            PathParameters = new Dictionary<string, string>(path ?? new Dictionary<string, string>()),
            StageVariables = new Dictionary<string, string>(stageVariables ?? new Dictionary<string, string>()),
            Context = Context(httpMethod),
            TraceId = "Root=1-5759e988-bd862e3fe1be46a994272793",
        };

    public static IntegrationResponse Response(string statusCode, string? pattern = null, Dictionary<string, string>? templates = null,
        Dictionary<string, string>? parameters = null, string? contentHandling = null) => new()
        {
            StatusCode = statusCode,
            SelectionPattern = pattern,
            ResponseTemplates = templates,
            ResponseParameters = parameters,
            ContentHandling = contentHandling,
        };

    public static Dictionary<string, IntegrationResponse> Responses(params IntegrationResponse[] responses) =>
        responses.ToDictionary(r => r.StatusCode);

    public static string Text(ReadOnlyMemory<byte> body) => Encoding.UTF8.GetString(body.Span);

    public static string? Header(IReadOnlyList<KeyValuePair<string, string>> headers, string name) =>
        headers.LastOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
