using System.Diagnostics;
using Gatehouse.DataPlane.Integrations.Lambda;
using Gatehouse.DataPlane.Tracing;
using Gatehouse.Functions.Invocation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gatehouse.DataPlane.RestApis;

/// <summary>
/// A REST API's AWS_PROXY integration: the payload format 1.0 event with REST's fields (<see cref="RestEventFields"/>),
/// the invocation with the integration's timeout, then the function's answer read as payload 1.0 strictly. Failures
/// answer as REST APIs do (facts §4.4, §13.2): a function error or a malformed answer 502 <c>Internal server error</c>,
/// Lambda refusing the invocation 500, the timeout 504 <c>Endpoint request timed out</c>, an event beyond 6 MB 413.
/// </summary>
public sealed partial class RestLambdaProxy(IFunctionInvoker? invoker, ILogger<RestLambdaProxy> logger)
{
    public async Task InvokeAsync(HttpContext httpContext, RequestContext context, RestRequestState state, ReadOnlyMemory<char> rawQuery,
        RestLambdaProxyTarget target)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(target);
        var responses = state.Stage.Deployment.GatewayResponses;
        if (invoker is null)
        {
            LogNoInvoker(logger, context.ApiId);
            await responses.WriteAsync(httpContext, context, state, RestGatewayError.ApiConfigurationError);
            return;
        }

        if (target.Function.For(state.Stage, state.Stage.StageVariables) is not { } function)
        {
            LogUnresolvedFunction(logger, context.ApiId, target.Function.Template.FunctionArn, state.Stage.Name);
            await responses.WriteAsync(httpContext, context, state, RestGatewayError.ApiConfigurationError);
            return;
        }

        LambdaRequestBody body;
        try
        {
            body = await LambdaRequestBody.ReadAsync(httpContext.Request, httpContext.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await responses.WriteAsync(httpContext, context, state, RestGatewayError.RequestTooLarge);
            return;
        }

        var payload = new PooledBufferWriter(2048 + (body.Content.Length / 3 * 4) + 8);
        try
        {
            var request = httpContext.Request;
            if (rawQuery.Span.StartsWith("?"))
            {
                rawQuery = rawQuery[1..];
            }

            var method = state.Method!;
            PayloadV1EventWriter.Write(payload, new LambdaEventRequest
            {
                Context = context,
                Headers = request.Headers,
                RawQuery = rawQuery,
                Path = context.Path,
                RawPath = state.Path,
                Body = body.Content,
                BodyIsBinary = !body.Content.IsEmpty && Mapping.BinaryMediaTypes.Matches(state.Stage.Deployment.BinaryMediaTypes, request.ContentType),
                TraceId = context.TraceId,
                ForwardedProto = request.Scheme,
                ForwardedPort = httpContext.Connection.LocalPort,
                Rest = new RestEventFields
                {
                    ResourceId = method.ResourceId,
                    ResourcePath = method.ResourcePath,
                    DeploymentId = state.Stage.Deployment.DeploymentId,
                    Path = state.Path,
                    PathParameters = state.PathParameters,
                    StageVariables = state.Stage.StageVariables,
                },
            });
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

        state.ExecutionLog?.EndpointRequest(TestInvoke.RestExecutionLog.LambdaUri(function.FunctionArn), null, payload.WrittenMemory.Span);
        InvocationResult result;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted))
        {
            timeout.CancelAfter(target.Timeout);
            context.IntegrationStarted = Stopwatch.GetTimestamp();
            try
            {
                result = await invoker.InvokeAsync(new InvocationRequest
                {
                    FunctionName = function.FunctionArn,
                    Qualifier = function.Qualifier,
                    Payload = payload.WrittenMemory,
                    TraceId = context.TraceId,
                }, timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                payload.Abandon(); // the function runs on and the invoker may still read the event
                if (!httpContext.RequestAborted.IsCancellationRequested)
                {
                    LogTimedOut(logger, context.ApiId, function.FunctionArn, (long)target.Timeout.TotalMilliseconds);
                    await responses.WriteAsync(httpContext, context, state, RestGatewayError.IntegrationTimeout);
                }

                return;
            }
            catch
            {
                payload.Abandon();
                throw;
            }
        }

        payload.Dispose();
        if (state.ExecutionLog is { } log && result.Status == InvocationStatus.Completed)
        {
            log.EndpointResponse(null, Stopwatch.GetElapsedTime(context.IntegrationStarted), result.Payload.Span, []);
        }

        context.IntegrationRequestId = result.RequestId.Length > 0 ? result.RequestId : null;
        context.IntegrationAnswered(0, result.Status == InvocationStatus.Completed ? 200 : 500);
        if (result.FunctionError is not null || result.Status != InvocationStatus.Completed)
        {
            context.IntegrationError = result.ErrorMessage ?? result.FunctionError ?? result.Status.ToString();
            LogInvocationFailed(logger, context.ApiId, function.FunctionArn, result.Status, result.FunctionError, result.ErrorMessage);
            var error = result.Status switch
            {
                InvocationStatus.Completed => RestGatewayError.IntegrationFailure,
                InvocationStatus.RequestTooLarge => RestGatewayError.LambdaRequestTooLong,
                _ => RestGatewayError.ApiConfigurationError,
            };
            await responses.WriteAsync(httpContext, context, state, error);
            return;
        }

        await IntegrationResponseAsync(httpContext, context, state, result.Payload);
    }

    /// <summary>
    /// The function's answer as REST APIs read it: payload 1.0 strictly, <c>Content-Type: application/json</c> when the
    /// function set none, and the request's <c>X-Amzn-Trace-Id</c> on the response (facts §12.2).
    /// </summary>
    private async Task IntegrationResponseAsync(HttpContext httpContext, RequestContext context, RestRequestState state, ReadOnlyMemory<byte> answer)
    {
        var response = httpContext.Response;
        // A base64 body is decoded only for a client that accepts one of the API's binary media types (facts §4.4).
        var binary = Mapping.BinaryMediaTypes.Matches(state.Stage.Deployment.BinaryMediaTypes, httpContext.Request.Headers.Accept.ToString());
        if (!LambdaResponseParser.TryParse(answer, LambdaPayloadFormat.V1, response.Headers, binary, out var parsed))
        {
            RestApiHandler.ClearResponse(httpContext);
            LogMalformed(logger, context.ApiId, state.Method!.HttpMethod, state.Method.ResourcePath);
            context.IntegrationError = "Malformed Lambda proxy response";
            await state.Stage.Deployment.GatewayResponses.WriteAsync(httpContext, context, state, RestGatewayError.IntegrationFailure);
            return;
        }

        try
        {
            response.StatusCode = parsed.StatusCode;
            context.IntegrationStatus = parsed.StatusCode;
            context.Status = parsed.StatusCode;
            if (response.Headers.ContentType.Count == 0)
            {
                response.ContentType = "application/json";
            }

            response.Headers[TraceHeader.AmazonHeader] = context.TraceId;
            if (response.StatusCode is StatusCodes.Status204NoContent or StatusCodes.Status304NotModified)
            {
                return;
            }

            response.ContentLength = parsed.Body.Length;
            if (!parsed.Body.IsEmpty)
            {
                await response.Body.WriteAsync(parsed.Body, httpContext.RequestAborted);
            }
        }
        finally
        {
            parsed.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "REST API {ApiId}: no function invoker is registered; answering 500")]
    private static partial void LogNoInvoker(ILogger logger, string apiId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "REST API {ApiId}: '{FunctionArn}' with the variables of stage {Stage} is not a function ARN; answering 500")]
    private static partial void LogUnresolvedFunction(ILogger logger, string apiId, string functionArn, string stage);

    [LoggerMessage(Level = LogLevel.Information, Message = "REST API {ApiId}: {FunctionArn} did not answer within {TimeoutMs} ms; answering 504")]
    private static partial void LogTimedOut(ILogger logger, string apiId, string functionArn, long timeoutMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "REST API {ApiId}: the function of {HttpMethod} {ResourcePath} answered something that is not a Lambda proxy response; answering 502")]
    private static partial void LogMalformed(ILogger logger, string apiId, string httpMethod, string resourcePath);

    [LoggerMessage(Level = LogLevel.Information, Message = "REST API {ApiId}: {FunctionArn} failed ({Status}, function error {FunctionError}): {ErrorMessage}")]
    private static partial void LogInvocationFailed(ILogger logger, string apiId, string functionArn, InvocationStatus status, string? functionError, string? errorMessage);
}
