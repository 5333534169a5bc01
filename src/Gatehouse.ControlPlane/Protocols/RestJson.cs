using System.Text.Json;
using Gatehouse.Model;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.ControlPlane.Protocols;

/// <summary>The rest-json protocol: reading request bodies and writing answers and errors as botocore expects them.</summary>
public static class RestJson
{
    public static async Task<T> ReadBodyAsync<T>(HttpRequest request) where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(request);
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        if (buffer.Length == 0)
        {
            return new T();
        }

        try
        {
            return JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), ModelJson.Options) ?? new T();
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" at '{e.Path.TrimStart('$', '.')}'";
            throw AwsException.BadRequest($"Invalid request body{field}: {Describe(e)}");
        }
    }

    public static Task WriteAsync<T>(HttpContext context, int statusCode, T body)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, body, ModelJson.Options, context.RequestAborted);
    }

    public static Task WriteEmptyAsync(HttpContext context, int statusCode)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = statusCode;
        return Task.CompletedTask;
    }

    public static Task WriteErrorAsync(HttpContext context, AwsException error)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        context.Response.Headers["x-amzn-ErrorType"] = error.ErrorType;
        if (error.RetryAfterSeconds is not null)
        {
            context.Response.Headers.RetryAfter = error.RetryAfterSeconds;
        }

        context.Response.StatusCode = error.StatusCode;
        context.Response.ContentType = "application/json";
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (error.Type is not null)
            {
                writer.WriteString("Type", error.Type);
            }

            writer.WriteString(error.MessageMember, error.Message);
            if (error.Reason is not null)
            {
                writer.WriteString("Reason", error.Reason);
            }

            writer.WriteEndObject();
        }

        return context.Response.Body.WriteAsync(buffer.ToArray(), context.RequestAborted).AsTask();
    }

    private static string Describe(JsonException e) =>
        e.Message.Contains("could not be converted", StringComparison.Ordinal)
            ? "a value has the wrong type"
            : "the body is not valid JSON";
}
