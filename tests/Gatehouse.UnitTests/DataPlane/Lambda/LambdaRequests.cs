using System.Buffers;
using System.Net;
using System.Text;
using System.Text.Json;
using Gatehouse.DataPlane;
using Gatehouse.DataPlane.Apis;
using Gatehouse.DataPlane.Cors;
using Gatehouse.DataPlane.Integrations.Lambda;
using Gatehouse.DataPlane.Routing;
using Gatehouse.DataPlane.Tracing;
using Gatehouse.Model.HttpApis;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.UnitTests.DataPlane.Lambda;

/// <summary>A client request on a Lambda proxy route, built as the pipeline would, and the event it becomes.</summary>
internal sealed class LambdaRequest
{
    public const string FunctionArn = "arn:aws:lambda:us-east-1:000000000000:function:hello";

    public string RouteKey { get; init; } = "ANY /{proxy+}";

    /// <summary>The path below the stage, as the client sends it (percent-encoded).</summary>
    public string StagePath { get; init; } = "/pets";

    public string Stage { get; init; } = "prod";

    public string Method { get; init; } = "GET";

    /// <summary>The raw query string, with its '?', as the client sends it.</summary>
    public string Query { get; init; } = "";

    public string PayloadFormat { get; init; } = "2.0";

    public string IntegrationUri { get; init; } = FunctionArn;

    public Dictionary<string, string>? RequestParameters { get; init; }

    public Dictionary<string, IReadOnlyDictionary<string, string>>? ResponseParameters { get; init; }

    public Dictionary<string, string>? StageVariables { get; init; }

    public int TimeoutInMillis { get; init; } = 30000;

    /// <summary>The <c>timeEpoch</c> of AWS's documented example event (04/Mar/2020:19:03:58 +0000).</summary>
    public long RequestTimeEpoch { get; init; } = 1583348638390;

    public Cors? Cors { get; init; }

    public byte[] Body { get; init; } = [];

    /// <summary>What the route's authorizer learned, as the pipeline leaves it on the context.</summary>
    public Gatehouse.DataPlane.Authorization.AuthorizerOutput? Authorizer { get; init; }

    public List<(string Name, string Value)> Headers { get; init; } = [];

    public static Integration Integration(string payloadFormat, string uri = FunctionArn) => new()
    {
        IntegrationId = "lambda1",
        IntegrationType = "AWS_PROXY",
        IntegrationMethod = "POST",
        IntegrationUri = uri,
        PayloadFormatVersion = payloadFormat,
    };

    public LambdaProxyIntegration CompileIntegration() => new(Integration(PayloadFormat, IntegrationUri) with
    {
        RequestParameters = RequestParameters,
        ResponseParameters = ResponseParameters,
        TimeoutInMillis = TimeoutInMillis,
    });

    /// <summary>The HttpContext (response body captured) and the RequestContext the pipeline would have made.</summary>
    public (DefaultHttpContext Http, RequestContext Context, LambdaProxyIntegration Integration) Build()
    {
        var integration = CompileIntegration();
        var key = Gatehouse.Model.HttpApis.RouteKey.Parse(RouteKey);
        var deployment = new CompiledDeployment("d1", new RouteTable<CompiledRoute>(), Cors is null ? null : new CorsPolicy(Cors), disableExecuteApiEndpoint: false);
        var userAgent = Headers.Where(h => h.Name.Equals("User-Agent", StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).LastOrDefault() ?? "";
        var context = new RequestContext
        {
            RequestId = "JKJaXmPLvHcESHA=",
            ApiId = "api0000001",
            AccountId = "000000000000",
            DomainName = "api0000001.execute-api.localhost",
            HttpMethod = Method,
            Path = Stage == Gatehouse.Model.HttpApis.Stage.DefaultStageName ? StagePath : "/" + Stage + StagePath,
            RequestTimeEpoch = RequestTimeEpoch,
            SourceIp = "127.0.0.1",
            UserAgent = userAgent,
            TraceId = TraceHeader.For(
                new HeaderDictionary(Headers.GroupBy(h => h.Name, StringComparer.OrdinalIgnoreCase)
                    .ToDictionary(g => g.Key, g => new Microsoft.Extensions.Primitives.StringValues([.. g.Select(h => h.Value)]))),
                RequestTimeEpoch),
            StagePath = StagePath,
            Stage = new CompiledStage(Stage, deployment, StageVariables ?? new Dictionary<string, string>()),
            Route = new CompiledRoute(key, integration, []),
            PathSegments = RequestPath.Split(StagePath),
            Authorizer = Authorizer,
        };
        var http = new DefaultHttpContext();
        http.Request.Method = Method;
        http.Request.Scheme = "http";
        http.Request.Host = new HostString("api0000001.execute-api.localhost", 8080);
        http.Request.Path = context.Path;
        http.Request.QueryString = new QueryString(Query);
        http.Connection.RemoteIpAddress = IPAddress.Parse("127.0.0.1");
        http.Connection.LocalPort = 8080;
        foreach (var (name, value) in Headers)
        {
            http.Request.Headers.Append(name, value);
        }

        if (Body.Length > 0)
        {
            http.Request.Body = new MemoryStream(Body);
            http.Request.ContentLength = Body.Length;
        }

        http.Response.Body = new MemoryStream();
        http.Response.Headers["apigw-requestid"] = context.RequestId;
        return (http, context, integration);
    }

    /// <summary>The event the function receives for this request, parsed.</summary>
    public JsonElement Event()
    {
        var (http, context, integration) = Build();
        var request = LambdaProxy.IntegrationRequest(http, context, Query.AsMemory(), integration, Body);
        var output = new ArrayBufferWriter<byte>();
        if (integration.PayloadFormat == LambdaPayloadFormat.V2)
        {
            PayloadV2EventWriter.Write(output, request);
        }
        else
        {
            PayloadV1EventWriter.Write(output, request);
        }

        return JsonDocument.Parse(output.WrittenMemory).RootElement;
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
