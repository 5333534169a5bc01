using System.Buffers;
using System.Text.Json;

namespace Gatehouse.DataPlane.Integrations.Lambda;

/// <summary>
/// Writes the event of payload format 2.0 (HTTP APIs' Lambda proxy), field by field as AWS builds it: lower-case
/// header names with repeated headers comma-joined, cookies split out of the <c>cookie</c> header, decoded query
/// parameters comma-joined, path and stage variables only when there are some, and <c>body</c> only when there is one. An authorizer's event adds
/// <c>type</c>, <c>routeArn</c> and <c>identitySource</c> and has no body.
/// </summary>
public static class PayloadV2EventWriter
{
    public static void Write(IBufferWriter<byte> output, in LambdaEventRequest request)
    {
        ArgumentNullException.ThrowIfNull(output);
        var writer = LambdaEventJson.RentWriter(output);
        try
        {
            Write(writer, request);
        }
        finally
        {
            LambdaEventJson.ReturnWriter(writer);
        }
    }

    private static void Write(Utf8JsonWriter writer, in LambdaEventRequest request)
    {
        var context = request.Context;
        writer.WriteStartObject();
        writer.WriteString("version"u8, "2.0"u8);
        if (request.Authorizer is { } authorizer)
        {
            writer.WriteString("type"u8, "REQUEST"u8);
            writer.WriteString("routeArn"u8, authorizer.RouteArn);
            writer.WriteStartArray("identitySource"u8);
            foreach (var value in authorizer.IdentityValues)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }

        writer.WriteString("routeKey"u8, context.RouteKey);
        writer.WriteString("rawPath"u8, request.RawPath);
        writer.WriteString("rawQueryString"u8, request.RawQuery.Span);
        LambdaEventJson.WriteCookies(writer, request.Headers);
        writer.WritePropertyName("headers"u8);
        LambdaEventJson.WriteHeaders(writer, request, LambdaPayloadFormat.V2, multiValue: false);
        if (request.RawQuery.Length > 0)
        {
            using var query = QueryStringParameters.Parse(request.RawQuery.Span);
            if (query.Count > 0)
            {
                writer.WritePropertyName("queryStringParameters"u8);
                query.WriteJoined(writer);
            }
        }

        LambdaEventJson.WritePathParameters(writer, context);
        LambdaEventJson.WriteStageVariables(writer, context);

        writer.WriteStartObject("requestContext"u8);
        writer.WriteString("accountId"u8, context.AccountId);
        writer.WriteString("apiId"u8, context.ApiId);
        if (context.Authorizer is { } output)
        {
            AuthorizerContextJson.WriteV2(writer, output);
        }

        writer.WriteString("domainName"u8, context.DomainName);
        writer.WriteString("domainPrefix"u8, LambdaEventJson.DomainPrefix(context.DomainName));
        writer.WriteStartObject("http"u8);
        writer.WriteString("method"u8, context.HttpMethod);
        writer.WriteString("path"u8, request.Path);
        writer.WriteString("protocol"u8, "HTTP/1.1"u8);
        writer.WriteString("sourceIp"u8, context.SourceIp);
        writer.WriteString("userAgent"u8, context.UserAgent);
        writer.WriteEndObject();
        writer.WriteString("requestId"u8, context.RequestId);
        writer.WriteString("routeKey"u8, context.RouteKey);
        writer.WriteString("stage"u8, context.StageName);
        LambdaEventJson.WriteRequestTime(writer, "time"u8, context.RequestTimeEpoch);
        writer.WriteNumber("timeEpoch"u8, context.RequestTimeEpoch);
        writer.WriteEndObject();

        if (request.Authorizer is null)
        {
            LambdaEventJson.WriteBody(writer, request, LambdaPayloadFormat.V2);
        }

        writer.WriteEndObject();
    }
}
