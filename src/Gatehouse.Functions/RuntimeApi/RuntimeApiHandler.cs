using System.Buffers;
using System.Globalization;
using Gatehouse.Functions.Invocation;
using Gatehouse.Functions.Workers;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.Functions.RuntimeApi;

/// <summary>
/// The Lambda Runtime API (2018-06-01) as one worker sees it on its own port: GET /invocation/next, POST
/// /invocation/{id}/response, /invocation/{id}/error and /init/error.
/// </summary>
internal sealed class RuntimeApiHandler(WorkerManager workers)
{
    /// <summary>Lambda's limit on a synchronous response: 6 MB.</summary>
    public const int MaxResponseBytes = 6 * 1024 * 1024;

    private const string Prefix = "/2018-06-01/runtime/";
    private static readonly byte[] Accepted = """{"status":"OK"}"""u8.ToArray();

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "";
        if (!workers.TryGetWorker(context.Connection.LocalPort, out var worker) || !path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            await WriteErrorAsync(context, 404, "InvalidRequest", $"No Runtime API operation at {request.Method} {path}");
            return;
        }

        var operation = path.AsSpan(Prefix.Length);
        if (operation.SequenceEqual("invocation/next"))
        {
            if (!HttpMethods.IsGet(request.Method))
            {
                await WriteErrorAsync(context, 405, "InvalidRequest", "invocation/next takes GET");
                return;
            }

            await NextAsync(context, worker);
            return;
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            await WriteErrorAsync(context, 405, "InvalidRequest", $"{operation} takes POST");
            return;
        }

        if (operation.SequenceEqual("init/error"))
        {
            var (payload, _) = await ReadBodyAsync(request);
            var type = ErrorType(request, "Runtime.Unknown");
            workers.OnInitError(worker, payload.Length > 0 ? payload : InvocationOutcome.ErrorDocument(type, "Init error"), type);
            await WriteAcceptedAsync(context);
            return;
        }

        if (operation.StartsWith("invocation/"))
        {
            var rest = operation["invocation/".Length..];
            var slash = rest.IndexOf('/');
            if (slash > 0)
            {
                var requestId = rest[..slash].ToString();
                var kind = rest[(slash + 1)..];
                if (kind.SequenceEqual("response") || kind.SequenceEqual("error"))
                {
                    await AnswerAsync(context, worker, requestId, isError: kind.SequenceEqual("error"));
                    return;
                }
            }
        }

        await WriteErrorAsync(context, 404, "InvalidRequest", $"No Runtime API operation at {request.Method} {path}");
    }

    private async Task NextAsync(HttpContext context, Worker worker)
    {
        var invocation = await worker.NextAsync(context.RequestAborted);
        if (invocation is null)
        {
            // The worker is being stopped: the Runtime API's "container error, exit promptly".
            await WriteErrorAsync(context, 500, "Runtime.ExitError", "The execution environment is shutting down");
            return;
        }

        workers.OnDelivered(worker, invocation);
        var response = context.Response;
        var headers = response.Headers;
        headers["Lambda-Runtime-Aws-Request-Id"] = invocation.RequestId;
        headers["Lambda-Runtime-Deadline-Ms"] = invocation.DeadlineUnixMs.ToString(CultureInfo.InvariantCulture);
        headers["Lambda-Runtime-Invoked-Function-Arn"] = invocation.InvokedFunctionArn;
        if (invocation.TraceId is { } trace)
        {
            headers["Lambda-Runtime-Trace-Id"] = trace;
        }

        if (invocation.ClientContext is { } clientContext)
        {
            headers["Lambda-Runtime-Client-Context"] = clientContext;
        }

        response.ContentType = "application/json";
        response.ContentLength = invocation.Payload.Length;
        await response.Body.WriteAsync(invocation.Payload, context.RequestAborted);
    }

    private async Task AnswerAsync(HttpContext context, Worker worker, string requestId, bool isError)
    {
        var request = context.Request;
        var (payload, tooLarge) = await ReadBodyAsync(request);
        string? errorType = null;
        if (tooLarge)
        {
            errorType = "Function.ResponseSizeTooLarge";
            payload = InvocationOutcome.ErrorDocument(errorType,
                $"Response payload size exceeded maximum allowed payload size ({MaxResponseBytes} bytes).");
        }
        else if (isError)
        {
            errorType = ErrorType(request, "Unhandled");
            if (payload.Length == 0)
            {
                payload = InvocationOutcome.ErrorDocument(errorType, "Unknown application error occurred");
            }
        }

        if (!workers.OnAnswer(worker, requestId, payload, errorType))
        {
            await WriteErrorAsync(context, 400, "InvalidRequestID", $"Request {requestId} is not the current invocation of this runtime");
            return;
        }

        if (tooLarge)
        {
            await WriteErrorAsync(context, 413, "RequestEntityTooLarge", $"Response payload exceeds {MaxResponseBytes} bytes");
            return;
        }

        await WriteAcceptedAsync(context);
    }

    private static string ErrorType(HttpRequest request, string fallback) =>
        request.Headers["Lambda-Runtime-Function-Error-Type"].ToString() is { Length: > 0 } type ? type : fallback;

    /// <summary>Reads a runtime's body whole; over 6 MB it stops reading and says so.</summary>
    private static async Task<(byte[] Payload, bool TooLarge)> ReadBodyAsync(HttpRequest request)
    {
        if (request.ContentLength is { } length)
        {
            if (length > MaxResponseBytes)
            {
                return ([], true);
            }

            var exact = new byte[length];
            await request.Body.ReadExactlyAsync(exact, request.HttpContext.RequestAborted);
            return (exact, false);
        }

        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
            {
                if (buffer.Length + read > MaxResponseBytes)
                {
                    return ([], true);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return (buffer.ToArray(), false);
    }

    private static Task WriteAcceptedAsync(HttpContext context)
    {
        context.Response.StatusCode = 202;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = Accepted.Length;
        return context.Response.Body.WriteAsync(Accepted).AsTask();
    }

    private static Task WriteErrorAsync(HttpContext context, int status, string errorType, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var body = InvocationOutcome.ErrorDocument(errorType, message);
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body).AsTask();
    }
}
