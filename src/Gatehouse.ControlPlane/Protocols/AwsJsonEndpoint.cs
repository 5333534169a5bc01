using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.ControlPlane.Protocols;

/// <summary>
/// <c>POST /</c> with <c>X-Amz-Target: {prefix}.{Operation}</c> for every awsJson service (1.0 and 1.1): picks the
/// service by the target's prefix, reads the JSON body, identifies the caller, runs the operation and writes the JSON
/// answer or the error (<c>{"__type": …, "message": …}</c> with <c>x-amzn-ErrorType</c>).
/// </summary>
public sealed class AwsJsonEndpoint
{
    /// <summary>PutLogEvents takes batches of up to 1,048,576 bytes of events; the JSON around them adds some.</summary>
    public const int MaxBodyBytes = 2 * 1024 * 1024;

    private readonly Dictionary<string, IJsonService> _services;
    private readonly IdentifyCaller _identifyCaller;
    private readonly ServiceAuthorizer _authorizer;

    public AwsJsonEndpoint(IEnumerable<IJsonService> services, IdentifyCaller identifyCaller, ServiceAuthorizer authorizer)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(identifyCaller);
        _services = services.ToDictionary(s => s.TargetPrefix, StringComparer.Ordinal);
        _identifyCaller = identifyCaller;
        _authorizer = authorizer;
    }

    /// <summary>Whether a request is for an awsJson service: a POST to the root path with an <c>X-Amz-Target</c>.</summary>
    public static bool IsJsonRequest(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Path.Value is "/" or "" && HttpMethods.IsPost(request.Method) && request.Headers.ContainsKey("X-Amz-Target");
    }

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (service, operation) = Target(context.Request);
        try
        {
            if (service is null)
            {
                throw new AwsException(400, "UnknownOperationException",
                    $"Gatehouse does not serve the target '{context.Request.Headers["X-Amz-Target"]}' on this endpoint.");
            }

            using var body = await ReadBodyAsync(context.Request);
            var caller = _identifyCaller(context.Request);
            var call = new JsonCall(operation, body.RootElement, caller, context);
            _authorizer.Authorize(caller, context, service.AccessOf(call), service.AccessDenied);
            var result = await service.InvokeAsync(call, context.RequestAborted);
            context.Response.StatusCode = 200;
            context.Response.ContentType = service.ContentType;
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                result?.Invoke(writer);
                writer.WriteEndObject();
            }

            context.Response.ContentLength = buffer.Length;
            await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted);
        }
        catch (AwsException error) when (!context.Response.HasStarted)
        {
            await WriteErrorAsync(context, error);
        }
    }

    /// <summary>Writes an error as awsJson does, with the query error code too for a query-compatible service.</summary>
    public Task WriteErrorAsync(HttpContext context, AwsException error)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        var (service, _) = Target(context.Request);
        var response = context.Response;
        response.StatusCode = error.StatusCode;
        response.ContentType = service?.ContentType ?? "application/x-amz-json-1.1";
        response.Headers["x-amzn-ErrorType"] = error.ErrorType;
        if (service is { QueryCompatible: true })
        {
            response.Headers["x-amzn-query-error"] = $"{error.QueryErrorCode ?? error.ErrorType};{(error.StatusCode >= 500 ? "Receiver" : "Sender")}";
        }

        if (error.RetryAfterSeconds is not null)
        {
            response.Headers.RetryAfter = error.RetryAfterSeconds;
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("__type", error.ErrorType);
            writer.WriteString("message", error.Message);
            writer.WriteEndObject();
        }

        response.ContentLength = buffer.Length;
        return response.Body.WriteAsync(buffer.ToArray(), context.RequestAborted).AsTask();
    }

    private (IJsonService? Service, string Operation) Target(HttpRequest request)
    {
        var target = request.Headers["X-Amz-Target"].ToString();
        var dot = target.LastIndexOf('.');
        return dot <= 0
            ? (null, "")
            : (_services.GetValueOrDefault(target[..dot]), target[(dot + 1)..]);
    }

    private static async Task<JsonDocument> ReadBodyAsync(HttpRequest request)
    {
        using var buffer = await RequestContentEncoding.ReadBodyAsync(request, MaxBodyBytes);

        if (buffer.Length == 0)
        {
            return JsonDocument.Parse("{}");
        }

        try
        {
            var document = JsonDocument.Parse(buffer.ToArray());
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                throw new AwsException(400, "SerializationException", "The request body must be a JSON object.");
            }

            return document;
        }
        catch (JsonException e)
        {
            throw new AwsException(400, "SerializationException", $"The request body is not valid JSON: {e.Message}");
        }
    }
}
