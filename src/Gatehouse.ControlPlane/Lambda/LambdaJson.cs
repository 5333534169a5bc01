using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Gatehouse.ControlPlane.Lambda;

/// <summary>The lambda wire: PascalCase members as botocore's model names them, nulls left out.</summary>
internal static class LambdaJson
{
    /// <summary>The largest request body of an operation without code: Lambda's front end refuses bigger ones too.</summary>
    public const long DefaultBodyLimit = 6 * 1024 * 1024;

    /// <summary>A 50 MB zip, base64 in JSON: Lambda refuses a CreateFunction or UpdateFunctionCode request this big.</summary>
    public const long CodeBodyLimit = 69_905_067;

    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>
    /// Reads a JSON body of at most <paramref name="limit"/> bytes (Lambda's RequestEntityTooLargeException beyond it,
    /// InvalidRequestContentException for a body that is not the operation's JSON).
    /// </summary>
    public static async Task<T> ReadBodyAsync<T>(HttpRequest request, string operation, long limit = DefaultBodyLimit) where T : class, new()
    {
        var bytes = await ReadBytesAsync(request, operation, limit);
        if (bytes.Length == 0)
        {
            return new T();
        }

        try
        {
            return JsonSerializer.Deserialize<T>(bytes, Options) ?? new T();
        }
        catch (JsonException e)
        {
            var at = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" at '{e.Path.TrimStart('$', '.')}'";
            throw LambdaErrors.InvalidRequestContent($"Could not parse request body into json: Could not parse the request body{at}.");
        }
    }

    /// <summary>Reads a raw body of at most <paramref name="limit"/> bytes.</summary>
    public static async Task<byte[]> ReadBytesAsync(HttpRequest request, string operation, long limit)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > limit)
        {
            throw LambdaErrors.RequestTooLarge(limit, operation);
        }

        // The listener's own cap is for the data plane; this operation's limit is Lambda's and is enforced here.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } cap)
        {
            cap.MaxRequestBodySize = null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw LambdaErrors.RequestTooLarge(limit, operation);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    public static Task WriteAsync<T>(HttpContext context, int statusCode, T body)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, body, Options, context.RequestAborted);
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = null,
            DictionaryKeyPolicy = null,
            PropertyNameCaseInsensitive = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
