using System.Text;
using Gatehouse.DataPlane.Tracing;
using Gatehouse.Model;
using Gatehouse.Model.RestApis;
using Gatehouse.Model.RestApis.TestInvoke;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Gatehouse.DataPlane.RestApis.TestInvoke;

/// <summary>
/// The request a test invocation simulates, as the REST pipeline reads one: an in-memory HttpContext (the caller's
/// path, query string, headers and body; the response buffered), the <see cref="RequestContext"/> with AWS's
/// test-invoke values (stage <c>test-invoke-stage</c>, deployment <c>test-invoke-deployment-id</c>, domain
/// <c>testPrefix.testDomainName</c>, source IP <c>test-invoke-source-ip</c>: AWS's test-invoke events) and the
/// <see cref="RestRequestState"/> carrying the execution log.
/// </summary>
internal sealed class TestInvokeSimulation : IDisposable
{
    public const string StageName = "test-invoke-stage";
    public const string DeploymentId = "test-invoke-deployment-id";
    public const string DomainName = "testPrefix.testDomainName";
    public const string SourceIp = "test-invoke-source-ip";

    private readonly MemoryStream _output = new();

    private TestInvokeSimulation(HttpContext httpContext, RequestContext context, RestRequestState state, string rawQuery)
    {
        HttpContext = httpContext;
        Context = context;
        State = state;
        RawQuery = rawQuery;
    }

    public HttpContext HttpContext { get; }

    public RequestContext Context { get; }

    public RestRequestState State { get; }

    /// <summary>The query string with its <c>?</c>; empty when none.</summary>
    public string RawQuery { get; }

    public RestExecutionLog Log => State.ExecutionLog!;

    public static TestInvokeSimulation Create(
        string apiId, string accountId, string httpMethod, TestInvokeRequest request, CompiledRestStage stage, CompiledRestMethod method,
        IReadOnlyList<KeyValuePair<string, string>> pathParameters, RestExecutionLog log, string requestId, long receivedTimestamp, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var rawQuery = request.Query.Length == 0 ? "" : "?" + request.Query;
        var httpContext = new DefaultHttpContext { RequestAborted = cancellationToken };
        var http = httpContext.Request;
        http.Method = httpMethod;
        http.Scheme = "https";
        http.Path = PathString.FromUriComponent(request.Path);
        http.QueryString = rawQuery.Length == 0 ? QueryString.Empty : new QueryString(rawQuery);
        foreach (var (name, value) in request.Headers)
        {
            if (!string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                http.Headers.Append(name, value);
            }
        }

        var body = Encoding.UTF8.GetBytes(request.Body ?? "");
        http.Body = new MemoryStream(body, writable: false);
        http.ContentLength = body.Length;
        httpContext.Features.Get<IHttpRequestFeature>()!.RawTarget = request.Path + rawQuery;
        httpContext.Connection.LocalPort = 443;
        var simulation = new TestInvokeSimulation(httpContext, NewContext(apiId, accountId, httpMethod, request.Path, http, requestId, receivedTimestamp, time, method),
            new RestRequestState { Stage = stage, Path = request.Path, Method = method, PathParameters = pathParameters, ExecutionLog = log }, rawQuery);
        httpContext.Response.Body = simulation._output;
        httpContext.Features.Set(simulation.Context);
        httpContext.Features.Set(simulation.State);
        return simulation;
    }

    private static RequestContext NewContext(string apiId, string accountId, string httpMethod, string path, HttpRequest http, string requestId,
        long receivedTimestamp, TimeProvider time, CompiledRestMethod method)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        return new RequestContext
        {
            RequestId = requestId,
            ExtendedRequestId = Ids.NewRequestId(),
            ApiId = apiId,
            AccountId = accountId,
            DomainName = DomainName,
            HttpMethod = httpMethod,
            Path = path,
            RequestTimeEpoch = now,
            SourceIp = SourceIp,
            UserAgent = http.Headers.UserAgent.ToString(),
            TraceId = TraceHeader.New(now),
            ReceivedTimestamp = receivedTimestamp,
            RestStageName = StageName,
            DeploymentId = DeploymentId,
            ResourceId = method.ResourceId,
            ResourcePath = method.ResourcePath,
        };
    }

    public void Dispose() => _output.Dispose();

    /// <summary>The method request lines every test invocation's log starts with (path, query string, headers, body).</summary>
    public void LogMethodRequest(TestInvokeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Log.Add("Method request path: " + RestExecutionLog.Map(State.PathParameters));
        var query = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in HttpContext.Request.Query)
        {
            query.Add(new(name, values.Count == 1 ? values[0] ?? "" : "[" + string.Join(", ", values.ToArray()) + "]"));
        }

        Log.Add("Method request query string: " + RestExecutionLog.Map(query));
        Log.Add("Method request headers: " + RestExecutionLog.Map(request.Headers));
        Log.Add("Method request body before transformations: " + (request.Body ?? ""));
    }

    /// <summary>The response as the client would have got it: status, headers in order (without Content-Length), body.</summary>
    public (int Status, List<KeyValuePair<string, string>> Headers, string Body) Response()
    {
        var response = HttpContext.Response;
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in response.Headers)
        {
            if (string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var value in values)
            {
                headers.Add(new(name, value ?? ""));
            }
        }

        return (response.StatusCode, headers, Encoding.UTF8.GetString(_output.GetBuffer(), 0, (int)_output.Length));
    }
}
