using System.Text.Json;
using Gatehouse.Functions.Invocation;
using Gatehouse.Model.HttpApis;
using Microsoft.Extensions.Logging;

namespace Gatehouse.DataPlane.RestApis.Mapping;

/// <summary>
/// AWS with a Lambda URI (<c>arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{functionArn}/invocations</c>,
/// stage variables allowed): the mapped body is the event. A function error's <c>errorMessage</c> is what the
/// selection patterns are matched against (handle-errors-in-lambda-integration); a successful answer matches as
/// nothing (botocore: "if the success response returns nothing and the error response returns some string, you could
/// use the <c>.+</c> regex to match error response"), so it takes the default integration response.
/// </summary>
public sealed partial class LambdaBackend : IntegrationBackend
{
    private static readonly byte[] EmptyEvent = "{}"u8.ToArray();

    // Mapping these makes AWS answer 500 for an AWS integration (recorded: test_apigateway_header_remapping_aws[AWS]).
    private static readonly HashSet<string> RefusedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Connection", "Content-Length", "Expect", "Proxy-Authenticate", "TE", "Transfer-Encoding",
    };

    private readonly LambdaFunctionUri _function;
    private readonly TimeSpan _timeout;
    private readonly IFunctionInvoker? _invoker;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public LambdaBackend(LambdaFunctionUri function, TimeSpan timeout, RestMappingOptions options)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(options);
        _function = function;
        _timeout = timeout;
        _invoker = options.FunctionInvoker;
        _logger = options.Logger;
        _time = options.TimeProvider;
    }

    public override async ValueTask<BackendResult> CallAsync(MethodRequestData request, IntegrationRequest integrationRequest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(integrationRequest);
        if (_invoker is null)
        {
            LogNoInvoker(_logger);
            return BackendResult.Failed(RestIntegrationFailure.ConfigurationError, "no function invoker is configured");
        }

        if (integrationRequest.Parameters.Headers.Any(h => RefusedHeaders.Contains(h.Key)))
        {
            return BackendResult.Failed(RestIntegrationFailure.ConfigurationError, "Execution failed due to configuration error: a reserved header is mapped");
        }

        if (Resolve(request.StageVariables) is not { } function)
        {
            LogUnresolved(_logger, _function.FunctionArn, request.Context.Stage);
            return BackendResult.Failed(RestIntegrationFailure.ConfigurationError, "Execution failed due to configuration error: Invalid function ARN");
        }

        // set-up-lambda-integration-async: a mapped X-Amz-Invocation-Type header chooses Lambda's invocation type.
        var invocationType = Header(integrationRequest.Parameters, "X-Amz-Invocation-Type") ?? "RequestResponse";
        if (invocationType is not ("RequestResponse" or "Event" or "DryRun"))
        {
            return BackendResult.Failed(RestIntegrationFailure.IntegrationFailure, $"Lambda rejected the invocation type '{invocationType}'") with { IntegrationStatus = 400 };
        }

        var payload = integrationRequest.Body.IsEmpty ? EmptyEvent : integrationRequest.Body;
        if (!IsJson(payload.Span))
        {
            // Lambda's Invoke refuses a payload that is not JSON (400 InvalidRequestContentException) before the
            // function runs.
            return BackendResult.Failed(RestIntegrationFailure.IntegrationFailure, "Could not parse request body into json") with { IntegrationStatus = 400 };
        }

        var invocation = new InvocationRequest
        {
            FunctionName = function.FunctionArn,
            Qualifier = function.Qualifier,
            Payload = payload,
            TraceId = request.TraceId,
            ClientContext = Header(integrationRequest.Parameters, "X-Amz-Client-Context"),
        };
        if (invocationType == "DryRun")
        {
            // Lambda checks the function and answers 204 without running it.
            return Answered(204, null, null);
        }

        request.ExecutionLog?.EndpointRequest(TestInvoke.RestExecutionLog.LambdaUri(function.FunctionArn), null, payload.Span);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        var started = _time.GetTimestamp();
        InvocationResult result;
        try
        {
            result = invocationType == "Event"
                ? await _invoker.EnqueueAsync(invocation, timeout.Token)
                : await _invoker.InvokeAsync(invocation, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            LogTimedOut(_logger, function.FunctionArn, (long)_timeout.TotalMilliseconds);
            return BackendResult.Failed(RestIntegrationFailure.Timeout, "Execution failed due to a timeout error", _time.GetElapsedTime(started));
        }

        var latency = _time.GetElapsedTime(started);
        var requestId = result.RequestId.Length > 0 ? result.RequestId : null;
        switch (result.Status)
        {
            case InvocationStatus.Completed:
                break;
            case InvocationStatus.RequestTooLarge:
                return BackendResult.Failed(RestIntegrationFailure.RequestTooLarge, result.ErrorMessage ?? "Request Too Long", latency) with { IntegrationStatus = 413 };
            default:
                LogRefused(_logger, function.FunctionArn, result.Status, result.ErrorMessage);
                return BackendResult.Failed(RestIntegrationFailure.IntegrationFailure, result.ErrorMessage ?? result.Status.ToString(), latency) with
                {
                    IntegrationStatus = result.Status switch
                    {
                        InvocationStatus.FunctionNotFound => 404,
                        InvocationStatus.Throttled => 429,
                        _ => 502,
                    },
                    RequestId = requestId,
                };
        }

        if (invocationType == "Event")
        {
            // Queued: Lambda's 202 with an empty body.
            return Answered(202, latency, requestId);
        }

        var failed = result.FunctionError is not null;
        var errorMessage = failed ? Integrations.Lambda.FunctionErrorDocument.Message(result.Payload.Span) : null;
        return new BackendResult
        {
            Response = new EndpointResponse
            {
                StatusCode = 200,
                Headers = [new("Content-Type", "application/json")],
                Body = result.Payload,
                SelectionValue = errorMessage ?? "",
                IsLambdaError = failed,
            },
            IntegrationStatus = 200,
            IntegrationError = failed ? errorMessage ?? result.FunctionError : null,
            Latency = latency,
            RequestId = requestId,
        };
    }

    private static BackendResult Answered(int status, TimeSpan? latency, string? requestId) => new()
    {
        Response = new EndpointResponse
        {
            StatusCode = status,
            Headers = [new("Content-Type", "application/json")],
            SelectionValue = "",
        },
        IntegrationStatus = status,
        Latency = latency,
        RequestId = requestId,
    };

    private static string? Header(MappedRequestParameters parameters, string name) =>
        parameters.Headers.LastOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    private LambdaFunctionUri? Resolve(IReadOnlyDictionary<string, string> stageVariables)
    {
        if (!_function.HasStageVariables)
        {
            return _function;
        }

        var arn = LambdaFunctionUri.SubstituteStageVariables(_function.FunctionArn, stageVariables);
        if (_function.Qualifier is { } qualifier)
        {
            arn += ":" + LambdaFunctionUri.SubstituteStageVariables(qualifier, stageVariables);
        }

        return LambdaFunctionUri.TryParseResolved(arn, out var resolved) ? resolved : null;
    }

    private static bool IsJson(ReadOnlySpan<byte> payload)
    {
        try
        {
            var reader = new Utf8JsonReader(payload, new JsonReaderOptions { MaxDepth = 256 });
            while (reader.Read())
            {
            }

            return reader.BytesConsumed > 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Lambda integration: no function invoker is registered; answering 500")]
    private static partial void LogNoInvoker(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lambda integration: '{FunctionArn}' with the variables of stage {Stage} is not a function ARN; answering 500")]
    private static partial void LogUnresolved(ILogger logger, string functionArn, string stage);

    [LoggerMessage(Level = LogLevel.Information, Message = "Lambda integration: {FunctionArn} did not answer within {TimeoutMs} ms; answering 504")]
    private static partial void LogTimedOut(ILogger logger, string functionArn, long timeoutMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Lambda integration: Lambda refused to invoke {FunctionArn} ({Status}): {Error}")]
    private static partial void LogRefused(ILogger logger, string functionArn, InvocationStatus status, string? error);
}
