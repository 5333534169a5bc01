using System.Diagnostics;
using Gatehouse.Model.RestApis;
using Gatehouse.Model.RestApis.TestInvoke;
using Microsoft.Extensions.Logging;

namespace Gatehouse.DataPlane.RestApis.TestInvoke;

/// <summary>
/// TestInvokeMethod (how-to-test-method): the method of the API's working copy, compiled as a deployment is (only the
/// method and its resource's ancestors, so another method's bad configuration does not fail this one), run through
/// <see cref="RestApiHandler"/>'s own method steps (validation, then the real integration with its mappings and
/// gateway responses) with the caller's stage variables, without authorization or API keys (AWS: the test
/// "bypasses any authorization mechanism"). The path is matched against the method's resource only: a path that does
/// not fit it runs the method with no path parameters (AWS recorded).
/// </summary>
public sealed partial class RestTestMethodInvoker(
    RestApiHandler handler, DataPlaneOptions options, Mapping.RestMappingOptions mapping, ILogger<RestTestMethodInvoker> logger, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task<TestInvokeMethodResult> InvokeAsync(RestApiDocument document, TestInvokeMethodRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(request);
        var received = Stopwatch.GetTimestamp();
        var requestId = Guid.NewGuid().ToString();
        var log = new RestExecutionLog(requestId, _time);
        log.Add("Starting execution for request: " + requestId);
        log.Add($"HTTP Method: {request.HttpMethod}, Resource Path: {request.Request.Path}");

        CompiledRestDeployment deployment;
        try
        {
            deployment = RestApiCompiler.Compile(document.ApiId, Snapshot(document, request.ResourceId, request.HttpMethod), mapping: mapping);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
        {
            LogCompileFailed(logger, e, document.ApiId, request.HttpMethod, request.ResourceId);
            log.Add("Execution failed due to configuration error: " + e.Message);
            log.Add("Method completed with status: 500");
            return new TestInvokeMethodResult
            {
                Status = 500,
                Body = """{"message": "Internal server error"}""",
                Headers = [new("x-amzn-ErrorType", "InternalServerErrorException")],
                Log = log.ToString(),
                Latency = Elapsed(received),
            };
        }

        var method = deployment.Methods[0];
        var (decoded, raw) = RestPath.Split(request.Request.Path);
        var matched = deployment.Resources.Match(decoded, raw, out var parameters);
        if (matched?.Id != request.ResourceId)
        {
            parameters = [];
        }

        var stage = new CompiledRestStage(TestInvokeSimulation.StageName, deployment, request.Request.StageVariables, [], null, null);
        using var simulation = TestInvokeSimulation.Create(document.ApiId, options.AccountId, request.HttpMethod, request.Request, stage, method, parameters, log,
            requestId, received, _time, cancellationToken);
        simulation.LogMethodRequest(request.Request);
        try
        {
            await handler.RunMethodAsync(simulation.HttpContext, simulation.Context, simulation.State, simulation.RawQuery);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogUnexpected(logger, e, document.ApiId, request.HttpMethod, request.ResourceId);
            RestApiHandler.ClearResponse(simulation.HttpContext);
            simulation.HttpContext.Response.Body.SetLength(0);
            await deployment.GatewayResponses.WriteAsync(simulation.HttpContext, simulation.Context, simulation.State, RestGatewayError.Default5xx);
        }

        var (status, headers, body) = simulation.Response();
        if (simulation.Context.RestError is { } error)
        {
            // AWS recorded: a failed test invocation shows the gateway response's headers without its Content-Type.
            headers.RemoveAll(h => string.Equals(h.Key, "Content-Type", StringComparison.OrdinalIgnoreCase));
            log.Add(TestInvokeFailure.Describe(simulation.Context, error, simulation.HttpContext.Request.ContentType));
        }
        else
        {
            log.Add("Method response body after transformations: " + body);
            log.Add("Method response headers: " + RestExecutionLog.Map(headers));
            log.Add("Successfully completed execution");
        }

        log.Add("Method completed with status: " + status);
        return new TestInvokeMethodResult { Status = status, Body = body, Headers = headers, Log = log.ToString(), Latency = Elapsed(received) };
    }

    /// <summary>
    /// The working copy frozen as a deployment of one method: the method's resource with only that method, and its
    /// ancestors without theirs.
    /// </summary>
    internal static RestDeploymentSnapshot Snapshot(RestApiDocument document, string resourceId, string httpMethod)
    {
        var snapshot = document.Snapshot(TestInvokeSimulation.DeploymentId);
        var byId = snapshot.Resources.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var target = byId[resourceId];
        var chain = new List<RestResource>
        {
            target with { ResourceMethods = new Dictionary<string, RestMethod>(StringComparer.Ordinal) { [httpMethod] = target.ResourceMethods![httpMethod] } },
        };
        for (var parent = target.ParentId; parent is not null && chain.Count <= byId.Count; parent = byId.GetValueOrDefault(parent)?.ParentId)
        {
            if (byId.GetValueOrDefault(parent) is { } ancestor)
            {
                chain.Add(ancestor with { ResourceMethods = null });
            }
        }

        return snapshot with { Resources = chain };
    }

    private static long Elapsed(long started) => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;

    [LoggerMessage(Level = LogLevel.Information, Message = "TestInvokeMethod on REST API {ApiId}: {HttpMethod} of resource {ResourceId} could not be compiled; answering 500")]
    private static partial void LogCompileFailed(ILogger logger, Exception exception, string apiId, string httpMethod, string resourceId);

    [LoggerMessage(Level = LogLevel.Error, Message = "TestInvokeMethod on REST API {ApiId}: {HttpMethod} of resource {ResourceId} failed")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string apiId, string httpMethod, string resourceId);
}
