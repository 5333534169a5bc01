using System.Diagnostics;
using System.Text.Json;
using Gatehouse.DataPlane.Mapping;
using Gatehouse.DataPlane.Responses;
using Gatehouse.Functions.Invocation;
using Gatehouse.Model.HttpApis;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gatehouse.DataPlane.Integrations.Lambda;

/// <summary>
/// The integration step for AWS_PROXY (Lambda proxy) routes: integration request (read the body, apply the
/// request parameter mappings, write the event of the integration's payload format), invoke the function with the
/// integration's timeout, then integration response (read the function's answer, apply the response parameter
/// mappings) or the gateway's error. One instance per handler; per-request state stays on the stack.
/// </summary>
public sealed partial class LambdaProxy(IFunctionInvoker? invoker, ILogger logger)
{
    private const string DefaultContentType = "text/plain; charset=utf-8";

    public async Task InvokeAsync(HttpContext httpContext, RequestContext context, ReadOnlyMemory<char> rawQuery, LambdaProxyIntegration integration)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(integration);
        if (invoker is null)
        {
            LogNoInvoker(logger, integration.IntegrationId);
            await HttpApiHandler.WriteErrorAsync(httpContext, context, GatewayResponse.InternalServerError);
            return;
        }

        if (integration.FunctionFor(context.Stage!) is not { } function)
        {
            // ${stageVariables.x} left no valid function ARN on this stage: a configuration error, 500 as on AWS.
            LogUnresolvedFunction(logger, integration.IntegrationId, integration.Template.FunctionArn, context.StageName);
            await HttpApiHandler.WriteErrorAsync(httpContext, context, GatewayResponse.InternalServerError);
            return;
        }

        LambdaRequestBody body;
        try
        {
            body = await LambdaRequestBody.ReadAsync(httpContext.Request, httpContext.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await HttpApiHandler.WriteErrorAsync(httpContext, context, GatewayResponse.RequestTooLarge);
            return;
        }

        var payload = new PooledBufferWriter(EstimateEventSize(body.Content.Length));
        string traceId;
        try
        {
            var request = IntegrationRequest(httpContext, context, rawQuery, integration, body.Content);
            traceId = request.TraceId;
            if (integration.PayloadFormat == LambdaPayloadFormat.V2)
            {
                PayloadV2EventWriter.Write(payload, request);
            }
            else
            {
                PayloadV1EventWriter.Write(payload, request);
            }
        }
        catch
        {
            payload.Dispose();
            throw;
        }
        finally
        {
            body.Dispose();
        }

        InvocationResult result;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted))
        {
            timeout.CancelAfter(integration.Timeout);
            context.IntegrationStarted = Stopwatch.GetTimestamp();
            try
            {
                result = await invoker.InvokeAsync(new InvocationRequest
                {
                    FunctionName = function.FunctionArn,
                    Qualifier = function.Qualifier,
                    Payload = payload.WrittenMemory,
                    TraceId = traceId,
                }, timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                // The function runs on (as on Lambda) and the invoker may still read the event: leave the buffer to
                // the GC rather than the pool.
                payload.Abandon();
                if (!httpContext.RequestAborted.IsCancellationRequested)
                {
                    LogTimedOut(logger, integration.IntegrationId, function.FunctionArn, (long)integration.Timeout.TotalMilliseconds);
                    await HttpApiHandler.WriteErrorAsync(httpContext, context, GatewayResponse.LambdaIntegrationTimeout);
                }

                return;
            }
            catch
            {
                payload.Abandon();
                throw;
            }
        }

        // The invocation is over: the invoker no longer reads the event.
        payload.Dispose();
        context.IntegrationRequestId = result.RequestId.Length > 0 ? result.RequestId : null;
        context.IntegrationAnswered(0, LambdaServiceStatus(result.Status));
        if (result.FunctionError is not null || result.Status != InvocationStatus.Completed)
        {
            context.IntegrationError = result.ErrorMessage ?? FunctionErrorDocument.Message(result.Payload.Span) ?? result.FunctionError;
        }

        if (LambdaInvocationErrors.For(result) is { } failure)
        {
            LogInvocationFailed(logger, integration.IntegrationId, function.FunctionArn, result.Status, result.FunctionError, result.ErrorMessage);
            await HttpApiHandler.WriteErrorAsync(httpContext, context, failure);
            return;
        }

        if (!await IntegrationResponseAsync(httpContext, context, integration, result.Payload))
        {
            LogMalformed(logger, integration.IntegrationId, function.FunctionArn, integration.PayloadFormat);
        }
    }

    /// <summary>The status Lambda's Invoke API answers for an outcome: <c>$context.integrationStatus</c>.</summary>
    private static int LambdaServiceStatus(InvocationStatus status) => status switch
    {
        InvocationStatus.Completed => 200,
        InvocationStatus.FunctionNotFound => 404,
        InvocationStatus.Throttled => 429,
        InvocationStatus.RequestTooLarge => 413,
        _ => 502,
    };

    /// <summary>
    /// What the event says about the request: the client's headers, query string and path, or, when the
    /// integration maps parameters, a copy with the mappings applied (HTTP APIs apply requestParameters to Lambda
    /// integrations as to HTTP ones: http-api-parameter-mapping).
    /// </summary>
    public static LambdaEventRequest IntegrationRequest(HttpContext httpContext, RequestContext context, ReadOnlyMemory<char> rawQuery,
        CompiledIntegration? integration, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(context);
        var request = httpContext.Request;
        IHeaderDictionary headers = request.Headers;
        // HTTP APIs give the function the path percent-decoded, in rawPath and requestContext.http.path alike (events
        // AWS delivered: honojs/hono#2156, middleapi/standard-server#93).
        var path = context.Path.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(context.Path) : context.Path;
        var rawPath = path;
        if (rawQuery.Span.StartsWith("?"))
        {
            rawQuery = rawQuery[1..];
        }

        if (integration is { RequestMappings.Length: > 0 })
        {
            headers = MapHeaders(request, context, integration.RequestMappings);
            foreach (var mapping in integration.RequestMappings)
            {
                if (mapping.Target == MappingTarget.Path && MappingEvaluator.Evaluate(mapping.Value, context, request) is { } mapped)
                {
                    rawPath = mapped.StartsWith('/') ? mapped : "/" + mapped;
                }
            }

            if (integration.HasQueryOrPathMappings)
            {
                rawQuery = QueryStringMapper.Apply(integration.RequestMappings, context, request, rawQuery.ToString()).AsMemory();
            }
        }

        return new LambdaEventRequest
        {
            Context = context,
            Headers = headers,
            RawQuery = rawQuery,
            Path = path,
            RawPath = rawPath,
            Body = body,
            BodyIsBinary = !body.IsEmpty && !LambdaRequestBody.IsText(headers.ContentType),
            TraceId = context.TraceId,
            ForwardedProto = request.Scheme,
            ForwardedPort = httpContext.Connection.LocalPort,
        };
    }

    /// <summary>
    /// Writes the function's answer to the client: status, headers (cookies as Set-Cookie), the body decoded from
    /// base64 when so marked; Content-Type <c>application/json</c> when 2.0 inferred the response, else
    /// <c>text/plain; charset=utf-8</c> when the function set none (observed on HTTP APIs by AWS's Lambda test tool);
    /// then the response parameter mappings of that status and CORS. A malformed answer is a 500 (then false).
    /// </summary>
    public static async Task<bool> IntegrationResponseAsync(HttpContext httpContext, RequestContext context, LambdaProxyIntegration integration,
        ReadOnlyMemory<byte> answer)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(integration);
        var response = httpContext.Response;
        if (!LambdaResponseParser.TryParse(answer, integration.PayloadFormat, response.Headers, out var parsed))
        {
            response.Headers.Clear();
            response.Headers["apigw-requestid"] = context.RequestId;
            await HttpApiHandler.WriteErrorAsync(httpContext, context, GatewayResponse.InternalServerError);
            return false;
        }

        try
        {
            response.StatusCode = parsed.StatusCode;
            if (parsed.Inferred)
            {
                response.ContentType = "application/json";
            }
            else if (response.Headers.ContentType.Count == 0)
            {
                response.ContentType = DefaultContentType;
            }

            if (integration.ResponseMappings.TryGetValue(parsed.StatusCode, out var mappings))
            {
                // $response.header.* reads what the function answered, not what earlier mappings made of it.
                var answered = new HeaderDictionary();
                foreach (var (name, value) in response.Headers)
                {
                    answered[name] = value;
                }

                ResponseMapper.Apply(httpContext, context, mappings, proxyResponse: null, answered);
            }

            context.Stage!.Deployment.Cors?.ApplyToResponse(httpContext);
            context.Status = response.StatusCode;
            context.IntegrationStatus = response.StatusCode;
            if (response.StatusCode is StatusCodes.Status204NoContent or StatusCodes.Status304NotModified)
            {
                return true; // these carry no body, whatever the function sent
            }

            response.ContentLength = parsed.Body.Length;
            if (!parsed.Body.IsEmpty)
            {
                await response.Body.WriteAsync(parsed.Body, httpContext.RequestAborted);
            }

            return true;
        }
        finally
        {
            parsed.Dispose();
        }
    }

    private static HeaderDictionary MapHeaders(HttpRequest request, RequestContext context, ParameterMapping[] mappings)
    {
        var headers = new HeaderDictionary(request.Headers.Count + mappings.Length);
        foreach (var (name, value) in request.Headers)
        {
            headers[name] = value;
        }

        foreach (var mapping in mappings)
        {
            if (mapping.Target != MappingTarget.Header)
            {
                continue;
            }

            if (mapping.Action == MappingAction.Remove)
            {
                headers.Remove(mapping.Name);
            }
            else if (MappingEvaluator.Evaluate(mapping.Value, context, request) is { } value)
            {
                headers[mapping.Name] = mapping.Action == MappingAction.Append && headers.TryGetValue(mapping.Name, out var existing)
                    ? string.Join(',', existing.ToArray()) + "," + value
                    : value;
            }
        }

        return headers;
    }

    // The event is the request's headers and body (base64 grows it by a third) and about 1.5 KB of fields.
    private static int EstimateEventSize(int bodyLength) => 2048 + (bodyLength / 3 * 4) + 8;

    [LoggerMessage(Level = LogLevel.Error, Message = "Lambda integration {IntegrationId}: no function invoker is registered; answering 500")]
    private static partial void LogNoInvoker(ILogger logger, string integrationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lambda integration {IntegrationId}: '{FunctionArn}' with the variables of stage {Stage} is not a function ARN; answering 500")]
    private static partial void LogUnresolvedFunction(ILogger logger, string integrationId, string functionArn, string stage);

    [LoggerMessage(Level = LogLevel.Information, Message = "Lambda integration {IntegrationId}: {FunctionArn} did not answer within {TimeoutMs} ms; answering 503")]
    private static partial void LogTimedOut(ILogger logger, string integrationId, string functionArn, long timeoutMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lambda integration {IntegrationId}: {FunctionArn} answered something that is not a payload format {Format} response; answering 500")]
    private static partial void LogMalformed(ILogger logger, string integrationId, string functionArn, LambdaPayloadFormat format);

    [LoggerMessage(Level = LogLevel.Information, Message = "Lambda integration {IntegrationId}: {FunctionArn} failed ({Status}, function error {FunctionError}): {ErrorMessage}")]
    private static partial void LogInvocationFailed(ILogger logger, string integrationId, string functionArn, InvocationStatus status, string? functionError, string? errorMessage);
}
