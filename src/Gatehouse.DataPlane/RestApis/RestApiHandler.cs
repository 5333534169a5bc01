using System.Diagnostics;
using System.Text;
using Gatehouse.DataPlane.Addressing;
using Gatehouse.DataPlane.Authorization;
using Gatehouse.DataPlane.Metrics;
using Gatehouse.DataPlane.Throttling;
using Gatehouse.DataPlane.Tracing;
using Gatehouse.Model;
using Gatehouse.Observability.Logs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Gatehouse.DataPlane.RestApis;

/// <summary>
/// The data plane for REST APIs: address → stage (<c>/{stage}/...</c>, no <c>$default</c>) → resource and method →
/// throttle → authorize → method request validation → integration (AWS_PROXY, HTTP_PROXY; the mapped integrations at
/// one seam) → every gateway-made answer through the deployment's gateway responses. Reads only the immutable
/// compiled APIs; the access log, metrics and trace close every request.
/// </summary>
public sealed partial class RestApiHandler(
    RestApiRegistry registry, RestLambdaProxy lambdaProxy, RestHttpProxy httpProxy, DataPlaneOptions options, ILogger<RestApiHandler> logger,
    Throttler? throttler = null, ILogWriter? logWriter = null, RouteAuthorizers? authorizers = null)
{
    /// <summary>API Gateway's payload limit: 10 MB.</summary>
    public const long MaxPayloadBytes = 10 * 1024 * 1024;

    private static readonly byte[] ForbiddenBody = Encoding.UTF8.GetBytes("{\"message\":\"Forbidden\"}");

    /// <summary>True when the request is addressed to a deployed REST API (ids are unique across REST and HTTP APIs).</summary>
    public bool Serves(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        return registry.Count > 0 && ApiAddress.TryResolve(httpContext.Request.Host.Host, httpContext.Request.Path.Value ?? "", out var address) &&
               registry.Find(address.ApiId) is not null;
    }

    public async Task InvokeAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var received = Stopwatch.GetTimestamp();
        try
        {
            await HandleAsync(httpContext, received);
        }
        catch (Exception e) when (!httpContext.RequestAborted.IsCancellationRequested)
        {
            LogUnexpected(logger, e, httpContext.Request.Method, httpContext.Request.Path);
            if (!httpContext.Response.HasStarted)
            {
                ClearResponse(httpContext);
                var context = httpContext.Features.Get<RequestContext>();
                var state = httpContext.Features.Get<RestRequestState>();
                if (context is not null && state is not null)
                {
                    await state.Stage.Deployment.GatewayResponses.WriteAsync(httpContext, context, state, RestGatewayError.Default5xx);
                }
                else
                {
                    httpContext.Response.StatusCode = 500;
                    httpContext.Response.ContentType = "application/json";
                    await httpContext.Response.Body.WriteAsync(RestGatewayError.Default5xx.DefaultBody, httpContext.RequestAborted);
                }
            }
        }
        finally
        {
            Finish(httpContext, received);
        }
    }

    private async Task HandleAsync(HttpContext httpContext, long received)
    {
        var request = httpContext.Request;
        var rawTarget = httpContext.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.ToUriComponent();
        var queryStart = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var rawPath = queryStart < 0 ? rawTarget : rawTarget[..queryStart];
        var rawQuery = queryStart < 0 ? "" : rawTarget[queryStart..];

        // REST's requestId is a UUID (x-amzn-RequestId); its extendedRequestId is API Gateway's short id (x-amz-apigw-id).
        var requestId = Guid.NewGuid().ToString();
        var extendedRequestId = Ids.NewRequestId();
        httpContext.Response.Headers["x-amzn-RequestId"] = requestId;
        httpContext.Response.Headers["x-amz-apigw-id"] = extendedRequestId;

        var host = request.Host.Host;
        if (!ApiAddress.TryResolve(host, rawPath, out var address) || registry.Find(address.ApiId) is not { } api)
        {
            await WriteForbiddenAsync(httpContext);
            return;
        }

        var requestTimeEpoch = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var (span, traceId) = GatewayTracing.StartRequest(TraceHeader.For(request.Headers, requestTimeEpoch), options.TraceSampleRatio, request.Method);
        var context = new RequestContext
        {
            RequestId = requestId,
            ExtendedRequestId = extendedRequestId,
            ApiId = api.ApiId,
            AccountId = options.AccountId,
            DomainName = host,
            HttpMethod = request.Method,
            Path = address.Path,
            RequestTimeEpoch = requestTimeEpoch,
            SourceIp = httpContext.Connection.RemoteIpAddress?.ToString() ?? "",
            UserAgent = request.Headers.UserAgent.ToString(),
            TraceId = traceId,
            Span = span,
            ReceivedTimestamp = received,
        };
        httpContext.Features.Set(context);

        // A REST API is always addressed /{stage}/...: no stage, or one the API does not have, is 403 Forbidden
        // before any gateway response applies (facts §2: community-observed).
        if (!RestPath.TrySplitStage(address.Path, out var stageName, out var below) || !api.Stages.TryGetValue(stageName, out var stage) ||
            stage.Deployment.DisableExecuteApiEndpoint)
        {
            context.Status = StatusCodes.Status403Forbidden;
            await WriteForbiddenAsync(httpContext);
            return;
        }

        context.RestStageName = stage.Name;
        context.DeploymentId = stage.Deployment.DeploymentId;
        var state = new RestRequestState { Stage = stage, Path = below };
        httpContext.Features.Set(state);
        var responses = stage.Deployment.GatewayResponses;

        var (decoded, raw) = RestPath.Split(below);
        IReadOnlyList<KeyValuePair<string, string>> parameters = [];
        var resource = RestPath.HasDotSegment(decoded) ? null : stage.Deployment.Resources.Match(decoded, raw, out parameters);
        if (resource?.MethodFor(request.Method) is not { } method)
        {
            await responses.WriteAsync(httpContext, context, state, RestGatewayError.MissingAuthenticationToken);
            return;
        }

        state.Method = method;
        state.PathParameters = parameters;
        context.ResourceId = method.ResourceId;
        context.ResourcePath = method.ResourcePath;

        if (throttler is not null && !await throttler.AdmitAsync(stage.ThrottleFor(method), api.ApiId, stage.Name, httpContext.RequestAborted))
        {
            await responses.WriteAsync(httpContext, context, state, RestGatewayError.Throttled);
            return;
        }

        if (request.ContentLength > MaxPayloadBytes)
        {
            await responses.WriteAsync(httpContext, context, state, RestGatewayError.RequestTooLarge);
            return;
        }

        if (httpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = MaxPayloadBytes;
        }

        if (method.Authorizer is { } authorizer)
        {
            Authorization.RestAuthorization verdict;
            using (GatewayTracing.StartChild("authorizer"))
            {
                verdict = await authorizer.AuthorizeAsync(httpContext, context, state);
            }

            if (!verdict.IsAllowed)
            {
                context.AuthorizerError = verdict.Error;
                await responses.WriteAsync(httpContext, context, state, verdict.Denial!);
                return;
            }

            context.Authorizer = verdict.Output;
        }
        else if (method.AuthorizationType == "AWS_IAM" && authorizers is not null)
        {
            // HTTP APIs' IAM step, on REST's ARN: arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path}.
            context.StagePath = below;
            AuthorizationResult verdict;
            using (GatewayTracing.StartChild("authorizer"))
            {
                verdict = await authorizers.Iam.AuthorizeAsync(httpContext, context);
            }

            if (!verdict.IsAllowed)
            {
                context.AuthorizerError = verdict.Error;
                var refusal = verdict.Denial!.StatusCode == StatusCodes.Status413PayloadTooLarge
                    ? RestGatewayError.RequestTooLarge
                    : RestGatewayError.Iam(verdict.ErrorType, verdict.Error ?? "Forbidden", verdict.Body ?? verdict.Denial.Body);
                await responses.WriteAsync(httpContext, context, state, refusal);
                return;
            }

            context.Authorizer = verdict.Output;
        }
        else if (method.AuthorizationType is not "NONE")
        {
            // An authorization type with no step compiled for it (AWS_IAM without the IAM step): a clear 500, never an open door.
            LogAuthorizationNotSupported(logger, api.ApiId, method.HttpMethod, method.ResourcePath, method.AuthorizationType);
            await responses.WriteAsync(httpContext, context, state, RestGatewayError.Default5xx);
            return;
        }

        if (stage.Deployment.HasResourcePolicy)
        {
            // Resource policies are not evaluated yet: an API whose policy may deny is refused whole, never served open.
            LogResourcePolicyNotEnforced(logger, api.ApiId);
            await responses.WriteAsync(httpContext, context, state, RestGatewayError.Default5xx);
            return;
        }

        if (method.ApiKeyRequired)
        {
            // API keys and usage plans are not built yet, so no key can be valid: AWS's answer to a request without a
            // valid key, never an open door.
            await responses.WriteAsync(httpContext, context, state, RestGatewayError.InvalidApiKey);
            return;
        }

        await RunMethodAsync(httpContext, context, state, rawQuery);
    }

    /// <summary>
    /// The method's own steps once the request is admitted (routed, throttled, authorized): method request
    /// validation, then the integration; every failure answers with the deployment's gateway response. Test
    /// invocations (TestInvokeMethod) run these same steps on the API's working copy.
    /// </summary>
    internal async Task RunMethodAsync(HttpContext httpContext, RequestContext context, RestRequestState state, string rawQuery)
    {
        var method = state.Method!;
        var responses = state.Stage.Deployment.GatewayResponses;
        if (method.Validation is { } validation && await ValidateAsync(httpContext, context, state, validation) is { } invalid)
        {
            await responses.WriteAsync(httpContext, context, state, invalid);
            return;
        }

        switch (method.Integration)
        {
            case RestLambdaProxyTarget lambda:
                using (GatewayTracing.StartChild("integration", ActivityKind.Client))
                {
                    await lambdaProxy.InvokeAsync(httpContext, context, state, rawQuery.AsMemory(), lambda);
                }

                break;
            case RestHttpProxyTarget http:
                using (GatewayTracing.StartChild("integration", ActivityKind.Client))
                {
                    await httpProxy.InvokeAsync(httpContext, context, state, rawQuery, http);
                }

                break;
            case RestMappedTarget mapped:
                await InvokeMappedAsync(httpContext, context, state, mapped);
                break;
            default:
                LogNoIntegration(logger, context.ApiId, method.HttpMethod, method.ResourcePath);
                await responses.WriteAsync(httpContext, context, state, RestGatewayError.ApiConfigurationError);
                break;
        }
    }

    /// <summary>
    /// The HTTP, AWS and MOCK integrations: the method request mapped, the call, the integration response mapped to the
    /// method response; a failure answers with the deployment's gateway response of its type.
    /// </summary>
    private static async Task InvokeMappedAsync(HttpContext httpContext, RequestContext context, RestRequestState state, RestMappedTarget target)
    {
        Mapping.RestIntegrationOutcome outcome;
        using (GatewayTracing.StartChild("integration", ActivityKind.Client))
        {
            Mapping.MethodRequestData request;
            try
            {
                request = await RestMethodRequest.ReadAsync(httpContext, context, state);
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                await state.Stage.Deployment.GatewayResponses.WriteAsync(httpContext, context, state, RestGatewayError.RequestTooLarge);
                return;
            }

            outcome = await target.Mapped.InvokeAsync(request, httpContext.RequestAborted);
        }

        if (outcome.IntegrationLatency is { } latency)
        {
            context.IntegrationLatency = (int)latency.TotalMilliseconds;
        }

        context.IntegrationStatus = outcome.IntegrationStatus ?? 0;
        context.IntegrationError = outcome.IntegrationError;
        context.IntegrationRequestId = outcome.IntegrationRequestId;
        if (outcome.Response is not { } answer)
        {
            var failure = outcome.Failure ?? Mapping.RestIntegrationFailure.ConfigurationError;
            await state.Stage.Deployment.GatewayResponses.WriteAsync(httpContext, context, state, RestGatewayError.ForIntegration(failure));
            return;
        }

        var response = httpContext.Response;
        response.StatusCode = answer.StatusCode;
        foreach (var (name, value) in answer.Headers)
        {
            if (ResponseHeaderValue.IsSendable(value))
            {
                response.Headers.Append(name, value);
            }
        }

        response.ContentType = answer.ContentType;
        response.ContentLength = answer.Body.Length;
        await response.Body.WriteAsync(answer.Body, httpContext.RequestAborted);
    }

    /// <summary>
    /// The method request's checks, parameters first (AWS-recorded: a request missing parameters and with a bad body
    /// is answered with the parameters' error). The body is buffered so that the integration reads it again.
    /// </summary>
    private static async Task<RestGatewayError?> ValidateAsync(HttpContext httpContext, RequestContext context, RestRequestState state,
        RestMethodValidation validation)
    {
        var request = httpContext.Request;
        if (validation.MissingParameters(request, state) is { } missing)
        {
            return RestGatewayError.BadRequestParameters(missing);
        }

        if (validation.ModelFor(request.ContentType) is not { } model)
        {
            return null;
        }

        request.EnableBuffering();
        string body;
        try
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
            body = await reader.ReadToEndAsync(httpContext.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return RestGatewayError.RequestTooLarge;
        }

        request.Body.Position = 0;
        // An empty body is validated as an empty object (a model that requires nothing accepts it).
        var errors = model.Validate(body.Length == 0 ? "{}" : body);
        if (errors.Count == 0)
        {
            state.ExecutionLog?.Add("Request validation succeeded for content type " + (request.ContentType ?? "application/json"));
            return null;
        }

        context.ValidationErrors = "[" + string.Join(", ", errors.Select(e => e.ToString())) + "]";
        return RestGatewayError.BadRequestBody;
    }

    private static Task WriteForbiddenAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status403Forbidden;
        response.ContentType = "application/json";
        response.Headers["x-amzn-ErrorType"] = "ForbiddenException";
        response.ContentLength = ForbiddenBody.Length;
        return response.Body.WriteAsync(ForbiddenBody, httpContext.RequestAborted).AsTask();
    }

    /// <summary>Drops whatever a failed step left on the response, keeping the request's ids.</summary>
    internal static void ClearResponse(HttpContext httpContext)
    {
        var headers = httpContext.Response.Headers;
        var requestId = headers["x-amzn-RequestId"];
        var extendedRequestId = headers["x-amz-apigw-id"];
        httpContext.Response.Clear();
        headers["x-amzn-RequestId"] = requestId;
        headers["x-amz-apigw-id"] = extendedRequestId;
    }

    /// <summary>After the answer: the access log line (queued), the metrics and the end of the request's span.</summary>
    private void Finish(HttpContext httpContext, long received)
    {
        var latency = Stopwatch.GetElapsedTime(received);
        var status = httpContext.Response.StatusCode;
        var context = httpContext.Features.Get<RequestContext>();
        var state = httpContext.Features.Get<RestRequestState>();
        var route = state?.Method is { } method ? method.HttpMethod + " " + method.ResourcePath : "-";
        GatewayInstruments.RecordRequest(context?.ApiId ?? "-", context?.StageName ?? "-", route, status, latency.TotalSeconds);
        if (context is null)
        {
            return;
        }

        context.Status = status;
        if (state is not null)
        {
            if (logWriter is not null && state.Stage.AccessLog is { } accessLog)
            {
                accessLog.Write(logWriter, context, httpContext);
            }

            if (state.Stage.Metrics?.For(state.Method) is { } series)
            {
                using var writer = series.Begin();
                writer.RecordFlag(RestStageMetrics.Count, true);
                writer.RecordFlag(RestStageMetrics.ClientErrors, status is >= 400 and < 500);
                writer.RecordFlag(RestStageMetrics.ServerErrors, status >= 500);
                writer.Record(RestStageMetrics.Latency, latency.TotalMilliseconds);
                if (context.IntegrationLatency >= 0)
                {
                    writer.Record(RestStageMetrics.IntegrationLatency, context.IntegrationLatency);
                }
            }
        }

        if (context.Span is { } span)
        {
            GatewayTracing.EndRequest(span, context, status);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "REST data-plane request {Method} {Path} failed")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "REST API {ApiId}: {HttpMethod} {ResourcePath} uses authorization type {AuthorizationType}, which Gatehouse does not serve on REST APIs yet; answering 500")]
    private static partial void LogAuthorizationNotSupported(ILogger logger, string apiId, string httpMethod, string resourcePath, string authorizationType);

    [LoggerMessage(Level = LogLevel.Error, Message = "REST API {ApiId} has a resource policy, which Gatehouse does not enforce yet; answering 500 rather than serving it unguarded")]
    private static partial void LogResourcePolicyNotEnforced(ILogger logger, string apiId);

    [LoggerMessage(Level = LogLevel.Error, Message = "REST API {ApiId}: {HttpMethod} {ResourcePath} has no integration; answering 500")]
    private static partial void LogNoIntegration(ILogger logger, string apiId, string httpMethod, string resourcePath);

}
