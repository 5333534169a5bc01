using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Gatehouse.DataPlane.Integrations.Lambda;

/// <summary>
/// Reads what a Lambda proxy function answered into the HTTP response, as API Gateway's HTTP APIs do.
/// <list type="bullet">
/// <item>1.0: a JSON object with only <c>statusCode</c> (number or numeric string, 200 when absent),
/// <c>headers</c>, <c>multiValueHeaders</c> (lists; merged with <c>headers</c>, multi-value first),
/// <c>body</c>, <c>isBase64Encoded</c>. Any other key, <c>{}</c>, or anything that is not an object is malformed.
/// (AWS-recorded REST proxy answers; facts §4.4; AWS's Lambda test tool, verified against HTTP APIs.)</item>
/// <item>2.0: an object with a <c>statusCode</c> is a response (<c>headers</c>, <c>cookies</c> → one
/// <c>Set-Cookie</c> each, <c>body</c>, <c>isBase64Encoded</c>; other keys ignored). Anything else is the body of a
/// 200 <c>application/json</c> response, as is: an object without <c>statusCode</c>, an array, a number; a JSON
/// string is the body unquoted (http-api-develop-integrations-lambda, "API Gateway can infer the response format").
/// AWS also reads a JSON string that holds an object as that object, and answers 500 when it is not valid JSON
/// (observed by AWS's Lambda test tool against HTTP APIs).</item>
/// </list>
/// Headers go to <paramref name="headers"/> as they are read; on a malformed answer the caller discards them.
/// </summary>
public static class LambdaResponseParser
{
    private const int MaxDepth = 64;

    public static bool TryParse(ReadOnlyMemory<byte> payload, LambdaPayloadFormat format, IHeaderDictionary headers, out LambdaResponse response) =>
        TryParse(payload, format, headers, decodeBase64: true, out response);

    /// <summary>
    /// As above; with <paramref name="decodeBase64"/> false a body marked <c>isBase64Encoded</c> is sent as its base64
    /// text, as REST APIs send it when the client's Accept is not one of the API's binary media types (facts §4.4).
    /// </summary>
    public static bool TryParse(ReadOnlyMemory<byte> payload, LambdaPayloadFormat format, IHeaderDictionary headers, bool decodeBase64, out LambdaResponse response)
    {
        ArgumentNullException.ThrowIfNull(headers);
        response = default;
        try
        {
            return TryParseDocument(payload, format, headers, decodeBase64, ref response);
        }
        catch (JsonException)
        {
            response.Dispose();
            response = default;
            return false;
        }
    }

    private static bool TryParseDocument(ReadOnlyMemory<byte> payload, LambdaPayloadFormat format, IHeaderDictionary headers, bool decodeBase64, ref LambdaResponse response)
    {
        var reader = new Utf8JsonReader(payload.Span, new JsonReaderOptions { MaxDepth = MaxDepth });
        if (!reader.Read())
        {
            return false;
        }

        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                return format == LambdaPayloadFormat.V2 && !HasStatusCode(payload.Span)
                    ? Inferred(payload, ref response)
                    : TryParseObject(payload, format, headers, decodeBase64, ref response);

            case JsonTokenType.String:
                // A function that returns its response serialized to a string: API Gateway reads the string.
                var text = ReadString(ref reader, payload, ref response.TextBuffer);
                EnsureEnd(ref reader);
                if (text.Span.TrimStart(" \t\r\n"u8) is [(byte)'{', ..])
                {
                    return format == LambdaPayloadFormat.V2 && !HasStatusCode(text.Span)
                        ? Inferred(text, ref response)
                        : TryParseObject(text, format, headers, decodeBase64, ref response);
                }

                return format == LambdaPayloadFormat.V2 && Inferred(text, ref response);

            default:
                reader.Skip();
                EnsureEnd(ref reader);
                return format == LambdaPayloadFormat.V2 && Inferred(payload, ref response);
        }
    }

    /// <summary>2.0 without statusCode: 200, <c>content-type: application/json</c>, the answer as the body.</summary>
    private static bool Inferred(ReadOnlyMemory<byte> body, ref LambdaResponse response)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.Body = body;
        response.Inferred = true;
        return true;
    }

    /// <summary>
    /// Whether an object has a top-level <c>statusCode</c>. When it has none the whole document has been read, so it
    /// is known to be one valid JSON value (else <see cref="JsonException"/>).
    /// </summary>
    private static bool HasStatusCode(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth });
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("statusCode"u8))
            {
                return true;
            }

            reader.Read();
            reader.Skip();
        }

        EnsureEnd(ref reader);
        return false;
    }

    private static bool TryParseObject(ReadOnlyMemory<byte> json, LambdaPayloadFormat format, IHeaderDictionary headers, bool decodeBase64, ref LambdaResponse response)
    {
        var reader = new Utf8JsonReader(json.Span, new JsonReaderOptions { MaxDepth = MaxDepth });
        reader.Read();
        var status = StatusCodes.Status200OK;
        var members = 0;
        var base64 = false;
        var body = ReadOnlyMemory<byte>.Empty;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            members++;
            if (reader.ValueTextEquals("statusCode"u8))
            {
                reader.Read();
                if (!TryReadStatus(ref reader, out status))
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals("headers"u8))
            {
                reader.Read();
                if (!TryReadHeaders(ref reader, headers))
                {
                    return false;
                }
            }
            else if (format == LambdaPayloadFormat.V1 && reader.ValueTextEquals("multiValueHeaders"u8))
            {
                reader.Read();
                if (!TryReadMultiValueHeaders(ref reader, headers))
                {
                    return false;
                }
            }
            else if (format == LambdaPayloadFormat.V2 && reader.ValueTextEquals("cookies"u8))
            {
                reader.Read();
                if (!TryReadCookies(ref reader, headers))
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals("body"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    body = ReadString(ref reader, json, ref response.BodyBuffer);
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals("isBase64Encoded"u8))
            {
                reader.Read();
                if (reader.TokenType is JsonTokenType.True or JsonTokenType.False)
                {
                    base64 = reader.GetBoolean();
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    return false;
                }
            }
            else if (format == LambdaPayloadFormat.V1)
            {
                return false; // 1.0 admits no other member (AWS answers 500/502 to {"statusCode":200,"wrongValue":...})
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        EnsureEnd(ref reader);
        if (members == 0)
        {
            return false; // {} is not a proxy response
        }

        if (base64 && decodeBase64 && !body.IsEmpty && !TryDecodeBase64(ref body, ref response))
        {
            return false;
        }

        response.StatusCode = status;
        response.Body = body;
        return true;
    }

    private static bool TryReadStatus(ref Utf8JsonReader reader, out int status)
    {
        status = 0;
        var parsed = reader.TokenType switch
        {
            JsonTokenType.Number => reader.TryGetInt32(out status),
            JsonTokenType.String => int.TryParse(reader.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out status) && !reader.ValueIsEscaped,
            _ => false,
        };
        return parsed && status is >= 100 and <= 599;
    }

    /// <summary><c>headers</c>: string, number or boolean values (<c>true</c> → "true"); null skips the header.</summary>
    private static bool TryReadHeaders(ref Utf8JsonReader reader, IHeaderDictionary headers)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            if (!TryReadScalar(ref reader, out var value))
            {
                return false;
            }

            if (value is null || IsReserved(name))
            {
                continue;
            }

            if (!IsToken(name) || !IsFieldValue(value))
            {
                return false;
            }

            // After multiValueHeaders, a single value joins the list: "value-multi, value-solo".
            headers[name] = headers.TryGetValue(name, out var existing) ? StringValues.Concat(existing, value) : new StringValues(value);
        }

        return true;
    }

    /// <summary>1.0's <c>multiValueHeaders</c>: lists of scalars, placed before a <c>headers</c> value of the same name.</summary>
    private static bool TryReadMultiValueHeaders(ref Utf8JsonReader reader, IHeaderDictionary headers)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null)
            {
                continue;
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                return false; // AWS: multiValueHeaders values must be lists
            }

            var values = StringValues.Empty;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (!TryReadScalar(ref reader, out var value))
                {
                    return false;
                }

                if (value is not null)
                {
                    if (!IsFieldValue(value))
                    {
                        return false;
                    }

                    values = StringValues.Concat(values, value);
                }
            }

            if (values.Count == 0 || IsReserved(name))
            {
                continue;
            }

            if (!IsToken(name))
            {
                return false;
            }

            if (headers.TryGetValue(name, out var single))
            {
                // The multi-value list comes first, under the multi-value key's spelling.
                headers.Remove(name);
                values = StringValues.Concat(values, single);
            }

            headers[name] = values;
        }

        return true;
    }

    /// <summary>2.0's <c>cookies</c>: each one a <c>Set-Cookie</c> header.</summary>
    private static bool TryReadCookies(ref Utf8JsonReader reader, IHeaderDictionary headers)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                continue;
            }

            if (reader.TokenType != JsonTokenType.String)
            {
                return false;
            }

            var cookie = reader.GetString()!;
            if (!IsFieldValue(cookie))
            {
                return false;
            }

            headers.Append(HeaderNames.SetCookie, cookie);
        }

        return true;
    }

    private static bool TryReadScalar(ref Utf8JsonReader reader, out string? value)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                value = reader.GetString();
                return true;
            case JsonTokenType.Number:
                value = Encoding.UTF8.GetString(reader.ValueSpan);
                return true;
            case JsonTokenType.True:
                value = "true";
                return true;
            case JsonTokenType.False:
                value = "false";
                return true;
            case JsonTokenType.Null:
                value = null;
                return true;
            default:
                value = null;
                return false;
        }
    }

    /// <summary>A JSON string's content: a slice of the input when it has no escapes, else unescaped into a pooled buffer.</summary>
    private static ReadOnlyMemory<byte> ReadString(ref Utf8JsonReader reader, ReadOnlyMemory<byte> json, ref byte[]? buffer)
    {
        if (!reader.ValueIsEscaped)
        {
            // TokenStartIndex is the opening quote.
            return json.Slice((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length);
        }

        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        buffer = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
        var length = reader.CopyString(buffer);
        return buffer.AsMemory(0, length);
    }

    private static bool TryDecodeBase64(ref ReadOnlyMemory<byte> body, ref LambdaResponse response)
    {
        var decoded = ArrayPool<byte>.Shared.Rent(Base64.GetMaxDecodedFromUtf8Length(body.Length));
        if (Base64.DecodeFromUtf8(body.Span, decoded, out _, out var written) != OperationStatus.Done)
        {
            ArrayPool<byte>.Shared.Return(decoded);
            return false; // AWS: an undecodable base64 body is an integration failure
        }

        if (response.BodyBuffer is not null)
        {
            ArrayPool<byte>.Shared.Return(response.BodyBuffer);
        }

        response.BodyBuffer = decoded;
        body = decoded.AsMemory(0, written);
        return true;
    }

    private static void EnsureEnd(ref Utf8JsonReader reader)
    {
        if (reader.Read())
        {
            throw new JsonException("more than one JSON value");
        }
    }

    /// <summary>Headers the gateway owns: framing and hop-by-hop headers, and the request id it sets itself.</summary>
    private static bool IsReserved(string name) =>
        name.Equals(HeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase) ||
        name.Equals(HeaderNames.TransferEncoding, StringComparison.OrdinalIgnoreCase) ||
        name.Equals(HeaderNames.Connection, StringComparison.OrdinalIgnoreCase) ||
        name.Equals(HeaderNames.KeepAlive, StringComparison.OrdinalIgnoreCase) ||
        name.Equals(HeaderNames.Upgrade, StringComparison.OrdinalIgnoreCase) ||
        name.Equals(HeaderNames.TE, StringComparison.OrdinalIgnoreCase) ||
        name.Equals(HeaderNames.Trailer, StringComparison.OrdinalIgnoreCase) ||
        name.Equals(HeaderNames.ProxyConnection, StringComparison.OrdinalIgnoreCase) ||
        name.Equals("apigw-requestid", StringComparison.OrdinalIgnoreCase);

    // RFC 9110 token: the characters a header name may have.
    private static bool IsToken(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }

    // What Kestrel can write in a header value: visible ASCII, space and tab.
    private static bool IsFieldValue(string value)
    {
        foreach (var c in value)
        {
            if (c is < ' ' and not '\t' || c >= '\u007f')
            {
                return false;
            }
        }

        return true;
    }
}
