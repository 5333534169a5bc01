using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Gatehouse.DataPlane.Integrations.Lambda;

/// <summary>What the payload format 1.0 and 2.0 event writers share: the JSON writer, headers, body, time, trace id.</summary>
internal static class LambdaEventJson
{
    // The event goes to a function, not into HTML: no need to escape '+', '<', non-ASCII and the like.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>A writer onto <paramref name="output"/>, reused per thread (events are written synchronously).</summary>
    public static Utf8JsonWriter RentWriter(IBufferWriter<byte> output)
    {
        var writer = t_writer;
        if (writer is null)
        {
            return new Utf8JsonWriter(output, Options);
        }

        t_writer = null;
        writer.Reset(output);
        return writer;
    }

    public static void ReturnWriter(Utf8JsonWriter writer)
    {
        writer.Flush();
        writer.Reset(NullBufferWriter.Instance);
        t_writer = writer;
    }

    /// <summary>A UTF-8 property name; bytes that are not valid UTF-8 become U+FFFD, as a decoder would make them.</summary>
    public static void WritePropertyName(Utf8JsonWriter writer, ReadOnlySpan<byte> utf8)
    {
        if (Utf8.IsValid(utf8))
        {
            writer.WritePropertyName(utf8);
        }
        else
        {
            writer.WritePropertyName(Encoding.UTF8.GetString(utf8));
        }
    }

    public static void WriteStringValue(Utf8JsonWriter writer, ReadOnlySpan<byte> utf8)
    {
        if (Utf8.IsValid(utf8))
        {
            writer.WriteStringValue(utf8);
        }
        else
        {
            writer.WriteStringValue(Encoding.UTF8.GetString(utf8));
        }
    }

    /// <summary>
    /// The <c>headers</c> object (or 1.0's <c>multiValueHeaders</c>): the client's headers without those the gateway
    /// sets itself, then the gateway's (<c>content-length</c>, <c>x-amzn-trace-id</c>, <c>x-forwarded-*</c>).
    /// 2.0 joins repeated headers with commas and moves <c>cookie</c> to <c>cookies</c>; 1.0 keeps the last value in
    /// <c>headers</c> and every value in <c>multiValueHeaders</c>.
    /// </summary>
    public static void WriteHeaders(Utf8JsonWriter writer, in LambdaEventRequest request, LambdaPayloadFormat format, bool multiValue)
    {
        // REST APIs keep the client's header names as sent and do not pass Content-Length on (AWS-recorded events).
        var rest = request.Rest is not null;
        writer.WriteStartObject();
        foreach (var (name, values) in request.Headers)
        {
            if (values.Count == 0 || IsSetByGateway(name) ||
                (format == LambdaPayloadFormat.V2 && name.Equals(HeaderNames.Cookie, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            if (rest)
            {
                writer.WritePropertyName(name);
            }
            else
            {
                WriteHeaderName(writer, name, format);
            }

            if (multiValue)
            {
                writer.WriteStartArray();
                foreach (var value in values)
                {
                    writer.WriteStringValue(value);
                }

                writer.WriteEndArray();
            }
            else if (values.Count == 1 || format == LambdaPayloadFormat.V1)
            {
                writer.WriteStringValue(values[values.Count - 1]);
            }
            else
            {
                writer.WriteStringValue(values.ToString()); // "value1,value2"
            }
        }

        Span<char> number = stackalloc char[20];
        request.Body.Length.TryFormat(number, out var length, provider: CultureInfo.InvariantCulture);
        if (!rest)
        {
            WriteGatewayHeader(writer, format, multiValue, "content-length", "Content-Length", number[..length]);
        }

        WriteGatewayHeader(writer, format, multiValue, "x-amzn-trace-id", "X-Amzn-Trace-Id", request.TraceId);
        var forwardedFor = request.Headers["X-Forwarded-For"];
        var sourceIp = request.Context.SourceIp;
        WriteGatewayHeader(writer, format, multiValue, "x-forwarded-for", "X-Forwarded-For",
            forwardedFor.Count == 0 ? sourceIp : forwardedFor.ToString() + ", " + sourceIp);
        request.ForwardedPort.TryFormat(number, out length, provider: CultureInfo.InvariantCulture);
        WriteGatewayHeader(writer, format, multiValue, "x-forwarded-port", "X-Forwarded-Port", number[..length]);
        WriteGatewayHeader(writer, format, multiValue, "x-forwarded-proto", "X-Forwarded-Proto", request.ForwardedProto);
        writer.WriteEndObject();
    }

    /// <summary>2.0's <c>cookies</c>: every <c>Cookie</c> header split at ';', when the request has any.</summary>
    public static void WriteCookies(Utf8JsonWriter writer, IHeaderDictionary headers)
    {
        var cookies = headers.Cookie;
        var started = false;
        foreach (var header in cookies)
        {
            foreach (var range in header.AsSpan().Split(';'))
            {
                var cookie = header.AsSpan(range).Trim(" \t");
                if (cookie.IsEmpty)
                {
                    continue;
                }

                if (!started)
                {
                    writer.WriteStartArray("cookies"u8);
                    started = true;
                }

                writer.WriteStringValue(cookie);
            }
        }

        if (started)
        {
            writer.WriteEndArray();
        }
    }

    /// <summary>
    /// <c>body</c> and <c>isBase64Encoded</c>. An empty body is absent in 2.0 and null in 1.0, with
    /// <c>isBase64Encoded: false</c>.
    /// </summary>
    public static void WriteBody(Utf8JsonWriter writer, in LambdaEventRequest request, LambdaPayloadFormat format)
    {
        var body = request.Body.Span;
        if (body.IsEmpty)
        {
            if (format == LambdaPayloadFormat.V1)
            {
                writer.WriteNull("body"u8);
            }

            writer.WriteBoolean("isBase64Encoded"u8, false);
            return;
        }

        if (request.BodyIsBinary)
        {
            writer.WriteBase64String("body"u8, body);
        }
        else
        {
            writer.WritePropertyName("body"u8);
            WriteStringValue(writer, body);
        }

        writer.WriteBoolean("isBase64Encoded"u8, request.BodyIsBinary);
    }

    /// <summary>A time as API Gateway's <c>$context.requestTime</c> shows it: <c>12/Mar/2020:19:03:58 +0000</c>.</summary>
    public static void WriteRequestTime(Utf8JsonWriter writer, ReadOnlySpan<byte> property, long epochMilliseconds) =>
        writer.WriteString(property, RequestTime.Text(epochMilliseconds));

    /// <summary>The first label of the host: <c>$context.domainPrefix</c>.</summary>
    public static ReadOnlySpan<char> DomainPrefix(string domainName)
    {
        var dot = domainName.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? domainName : domainName.AsSpan(0, dot);
    }

    /// <summary>The route's path parameters, decoded, or nothing when the route has none.</summary>
    public static bool WritePathParameters(Utf8JsonWriter writer, RequestContext context)
    {
        if (context.Route is null)
        {
            return false; // a REST method: its writer writes the resource's parameters
        }

        var route = context.Route!;
        var names = route.VariableNames;
        var started = false;
        foreach (var name in names)
        {
            if (route.PathParameter(name, context.PathSegments) is not { } value)
            {
                continue;
            }

            if (!started)
            {
                writer.WriteStartObject("pathParameters"u8);
                started = true;
            }

            writer.WriteString(name, value);
        }

        if (started)
        {
            writer.WriteEndObject();
        }

        return started;
    }

    /// <summary>The stage's variables, or nothing when it has none.</summary>
    public static bool WriteStageVariables(Utf8JsonWriter writer, RequestContext context)
    {
        var variables = context.Stage!.StageVariables;
        if (variables.Count == 0)
        {
            return false;
        }

        writer.WriteStartObject("stageVariables"u8);
        foreach (var (name, value) in variables)
        {
            writer.WriteString(name, value);
        }

        writer.WriteEndObject();
        return true;
    }

    /// <summary>
    /// 2.0 lower-cases every header name. 1.0 does too, except the headers API Gateway itself writes in canonical
    /// case (as seen in events AWS delivered: <c>Content-Length</c>, <c>Host</c>, <c>User-Agent</c>,
    /// <c>X-Forwarded-For</c> ... beside <c>accept</c>, <c>authorization</c>).
    /// </summary>
    public static void WriteHeaderName(Utf8JsonWriter writer, string name, LambdaPayloadFormat format)
    {
        Span<char> buffer = name.Length <= 256 ? stackalloc char[name.Length] : new char[name.Length];
        var lower = buffer[..name.AsSpan().ToLowerInvariant(buffer)];
        if (format == LambdaPayloadFormat.V1 && CanonicalName(lower) is { } canonical)
        {
            writer.WritePropertyName(canonical);
        }
        else
        {
            writer.WritePropertyName(lower);
        }
    }

    private static string? CanonicalName(ReadOnlySpan<char> lower) => lower switch
    {
        "content-length" => "Content-Length",
        "content-type" => "Content-Type",
        "host" => "Host",
        "user-agent" => "User-Agent",
        "x-amzn-trace-id" => "X-Amzn-Trace-Id",
        "x-forwarded-for" => "X-Forwarded-For",
        "x-forwarded-port" => "X-Forwarded-Port",
        "x-forwarded-proto" => "X-Forwarded-Proto",
        _ => null,
    };

    private static void WriteGatewayHeader(Utf8JsonWriter writer, LambdaPayloadFormat format, bool multiValue,
        string lowerName, string canonicalName, ReadOnlySpan<char> value)
    {
        writer.WritePropertyName(format == LambdaPayloadFormat.V1 ? canonicalName : lowerName);
        if (multiValue)
        {
            writer.WriteStartArray();
            writer.WriteStringValue(value);
            writer.WriteEndArray();
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }

    /// <summary>Hop-by-hop headers, which do not reach the function, and those the gateway writes itself.</summary>
    private static bool IsSetByGateway(string name) => name.Length switch
    {
        2 => name.Equals("TE", StringComparison.OrdinalIgnoreCase),
        7 => name.Equals("Upgrade", StringComparison.OrdinalIgnoreCase) || name.Equals("Trailer", StringComparison.OrdinalIgnoreCase),
        10 => name.Equals("Connection", StringComparison.OrdinalIgnoreCase) || name.Equals("Keep-Alive", StringComparison.OrdinalIgnoreCase),
        14 => name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase),
        15 => name.Equals("X-Amzn-Trace-Id", StringComparison.OrdinalIgnoreCase) || name.Equals("X-Forwarded-For", StringComparison.OrdinalIgnoreCase),
        16 => name.Equals("X-Forwarded-Port", StringComparison.OrdinalIgnoreCase) || name.Equals("Proxy-Connection", StringComparison.OrdinalIgnoreCase),
        17 => name.Equals("X-Forwarded-Proto", StringComparison.OrdinalIgnoreCase) || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    private sealed class NullBufferWriter : IBufferWriter<byte>
    {
        public static NullBufferWriter Instance { get; } = new();

        public void Advance(int count)
        {
        }

        public Memory<byte> GetMemory(int sizeHint = 0) => Array.Empty<byte>();

        public Span<byte> GetSpan(int sizeHint = 0) => [];
    }
}
