using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.DataPlane.Responses;

/// <summary>Writes the gateway's own answers: the status, <c>application/json</c>, and the message body.</summary>
public static class GatewayResponseWriter
{
    public static Task WriteAsync(HttpContext context, GatewayResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return WriteAsync(context, response, response.Body);
    }

    /// <summary>An answer whose message depends on the request, such as the names of missing parameters.</summary>
    public static Task WriteAsync(HttpContext context, GatewayResponse response, string message) =>
        WriteAsync(context, response, JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["message"] = message }));

    /// <summary>An answer with a body of its own (IAM's texts), under the response type and status of <paramref name="response"/>.</summary>
    public static Task WriteAsync(HttpContext context, GatewayResponse response, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(response);
        context.Features.Get<RequestContext>()?.Error = response;
        var http = context.Response;
        http.StatusCode = response.StatusCode;
        http.ContentType = "application/json";
        http.ContentLength = body.Length;
        return http.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }
}
