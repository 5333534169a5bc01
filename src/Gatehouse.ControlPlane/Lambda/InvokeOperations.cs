using System.Text;
using System.Text.Json;
using Gatehouse.Functions.Invocation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.ControlPlane.Lambda;

/// <summary>
/// Invoke: RequestResponse runs the function and answers what it returned; Event queues it (202); DryRun only checks
/// that it could run (204). Functions run in whatever <see cref="IFunctionInvoker"/> the host registered.
/// </summary>
internal static class InvokeOperations
{
    /// <summary>Lambda's limit on a synchronous invocation's payload: 6 MB.</summary>
    public const long MaxPayload = 6 * 1024 * 1024;

    /// <summary>Lambda's limit on an asynchronous (Event) invocation's payload: 256 KB.</summary>
    public const long MaxEventPayload = 256 * 1024;

    private static readonly IReadOnlyList<string> InvocationTypes = ["Event", "RequestResponse", "DryRun"];
    private static readonly IReadOnlyList<string> LogTypes = ["None", "Tail"];

    public static async Task Invoke(HttpContext context, FunctionService service, string functionName)
    {
        var request = context.Request;
        var function = FunctionRef.Parse(functionName, FunctionOperations.Qualifier(context), namespaced: true);
        var type = Header(request, "X-Amz-Invocation-Type") ?? "RequestResponse";
        var logType = Header(request, "X-Amz-Log-Type") ?? "None";
        var validation = new LambdaValidation();
        validation.Enum(type, "invocationType", InvocationTypes);
        validation.Enum(logType, "logType", LogTypes);
        validation.ThrowIfAny();

        var payload = await LambdaJson.ReadBytesAsync(request, "InvokeFunction", type == "Event" ? MaxEventPayload : MaxPayload);
        CheckJson(payload);

        var document = await service.GetAsync(function, context.RequestAborted);
        var (version, _) = FunctionOperations.Resolve(service, document, function);
        if (version.State is "Pending" or "Failed" or "Inactive")
        {
            throw LambdaErrors.NotInState(version.State);
        }

        if (type == "DryRun")
        {
            context.Response.StatusCode = 204;
            return;
        }

        var invoker = context.RequestServices.GetService<IFunctionInvoker>()
            ?? throw LambdaErrors.Service("This Gatehouse has no function runtime: functions cannot be invoked.");
        var invocation = new InvocationRequest
        {
            FunctionName = document.FunctionName,
            Qualifier = function.Qualifier,
            Payload = payload,
            TraceId = Header(request, "X-Amzn-Trace-Id"),
            ClientContext = Header(request, "X-Amz-Client-Context"),
            TailLogs = logType == "Tail",
        };
        var result = type == "Event"
            ? await invoker.EnqueueAsync(invocation, context.RequestAborted)
            : await invoker.InvokeAsync(invocation, context.RequestAborted);

        switch (result.Status)
        {
            case InvocationStatus.Completed when type == "Event":
                context.Response.StatusCode = 202;
                return;
            case InvocationStatus.Completed:
                await WriteResultAsync(context, result, logType == "Tail");
                return;
            case InvocationStatus.FunctionNotFound:
                throw service.NotFound(function);
            case InvocationStatus.Throttled:
                throw LambdaErrors.TooManyRequests(result.ErrorMessage ?? "Rate Exceeded.", result.Reason);
            case InvocationStatus.RequestTooLarge:
                throw LambdaErrors.RequestTooLarge(type == "Event" ? MaxEventPayload : MaxPayload, "InvokeFunction");
            case InvocationStatus.NotRunnable:
                throw result.ErrorMessage is { } message ? LambdaErrors.Conflict(message) : LambdaErrors.NotInState(version.State);
            default:
                throw LambdaErrors.Service($"Unexpected invocation status {result.Status}");
        }
    }

    private static async Task WriteResultAsync(HttpContext context, InvocationResult result, bool tail)
    {
        var headers = context.Response.Headers;
        headers["X-Amz-Executed-Version"] = result.ExecutedVersion;
        if (result.FunctionError is not null)
        {
            headers["X-Amz-Function-Error"] = result.FunctionError;
        }

        if (tail && result.LogTail is not null)
        {
            headers["X-Amz-Log-Result"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(result.LogTail));
        }

        if (result.RequestId.Length > 0)
        {
            headers["x-amzn-RequestId"] = result.RequestId;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = result.Payload.Length;
        await context.Response.Body.WriteAsync(result.Payload, context.RequestAborted);
    }

    /// <summary>Lambda accepts an empty payload or JSON, nothing else.</summary>
    private static void CheckJson(byte[] payload)
    {
        if (payload.Length == 0)
        {
            return;
        }

        try
        {
            using var _ = JsonDocument.Parse(payload);
        }
        catch (JsonException e)
        {
            throw LambdaErrors.InvalidRequestContent($"Could not parse request body into json: Could not parse payload into json: {e.Message}");
        }
    }

    private static string? Header(HttpRequest request, string name) =>
        request.Headers.TryGetValue(name, out var value) && value.Count > 0 ? value.ToString() : null;
}
