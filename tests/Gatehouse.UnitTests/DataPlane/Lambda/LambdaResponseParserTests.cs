using System.Text;
using Gatehouse.DataPlane.Integrations.Lambda;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.UnitTests.DataPlane.Lambda;

/// <summary>
/// Reading a function's answer. 2.0: AWS's documented shape and inference (http-api-develop-integrations-lambda),
/// and what AWS's Lambda test tool observed on HTTP APIs. 1.0: the proxy answers AWS recorded
/// (aws-recorded-responses/test_apigateway_lambda, test_aws_proxy_response_payload_format_validation).
/// </summary>
public sealed class LambdaResponseParserTests
{
    private sealed record Parsed(bool Ok, int Status, string Body, bool Inferred, IHeaderDictionary Headers);

    private static IEnumerable<string> Values(Microsoft.Extensions.Primitives.StringValues values) => values.Select(v => v ?? "");

    private static Parsed Parse(string payload, string format = "2.0") => Parse(Encoding.UTF8.GetBytes(payload), format);

    private static Parsed Parse(byte[] payload, string format)
    {
        var headers = new HeaderDictionary();
        var ok = LambdaResponseParser.TryParse(payload, format == "2.0" ? LambdaPayloadFormat.V2 : LambdaPayloadFormat.V1, headers, out var response);
        using (response)
        {
            return new Parsed(ok, response.StatusCode, Encoding.UTF8.GetString(response.Body.Span), response.Inferred, headers);
        }
    }

    [Fact]
    public void TryParse_V2FullResponse_StatusHeadersCookiesBody()
    {
        var parsed = Parse("""
            {"statusCode": 201, "headers": {"Content-Type": "text/html", "X-Bool": true, "X-Number": 42, "X-Null": null},
             "cookies": ["a=1; Path=/; HttpOnly", "b=2"], "body": "<p>hi</p>", "isBase64Encoded": false}
            """);

        Assert.True(parsed.Ok);
        Assert.Equal(201, parsed.Status);
        Assert.Equal("<p>hi</p>", parsed.Body);
        Assert.False(parsed.Inferred);
        Assert.Equal("text/html", parsed.Headers.ContentType);
        Assert.Equal("true", parsed.Headers["X-Bool"]);
        Assert.Equal("42", parsed.Headers["X-Number"]);
        Assert.False(parsed.Headers.ContainsKey("X-Null"));
        Assert.Equal(["a=1; Path=/; HttpOnly", "b=2"], Values(parsed.Headers.SetCookie));
    }

    [Theory]
    [InlineData("\"Hello from Lambda!\"", "Hello from Lambda!")]
    [InlineData("{ \"message\": \"Hello from Lambda!\" }", "{ \"message\": \"Hello from Lambda!\" }")]
    [InlineData("[1, 2, 3, 4, 5]", "[1, 2, 3, 4, 5]")]
    [InlineData("42", "42")]
    [InlineData("true", "true")]
    [InlineData("null", "null")]
    [InlineData("\"\"", "")]
    [InlineData("\"Special \\\"quoted\\\" text\"", "Special \"quoted\" text")]
    [InlineData("\"{\\\"key\\\" : \\\"value\\\"}\"", "{\"key\" : \"value\"}")]
    public void TryParse_V2WithoutStatusCode_InfersA200JsonResponse(string payload, string body)
    {
        var parsed = Parse(payload);

        Assert.True(parsed.Ok);
        Assert.True(parsed.Inferred);
        Assert.Equal(200, parsed.Status);
        Assert.Equal(body, parsed.Body);
        Assert.Empty(parsed.Headers);
    }

    [Fact]
    public void TryParse_V2ObjectWithoutStatusCode_IgnoresItsHeaders()
    {
        var parsed = Parse("""{"key": "value", "headers": {"content-type": "application/xml"}}""");

        Assert.True(parsed.Inferred);
        Assert.Empty(parsed.Headers);
        Assert.Equal("""{"key": "value", "headers": {"content-type": "application/xml"}}""", parsed.Body);
    }

    [Fact]
    public void TryParse_V2ResponseSerializedToAString_IsReadAsTheResponse()
    {
        var parsed = Parse("\"{\\\"statusCode\\\": 202, \\\"headers\\\": {\\\"x-a\\\": \\\"b\\\"}, \\\"body\\\": \\\"queued\\\"}\"");

        Assert.True(parsed.Ok);
        Assert.False(parsed.Inferred);
        Assert.Equal(202, parsed.Status);
        Assert.Equal("queued", parsed.Body);
        Assert.Equal("b", parsed.Headers["x-a"]);
    }

    [Theory]
    [InlineData("\"{\\\"key\\\"}\"")] // a string that starts as an object but is not JSON (AWS: 500)
    [InlineData("{\"statusCode\": 200.5, \"body\": \"Hello\"}")] // AWS: 500
    [InlineData("{\"statusCode\": 0, \"body\": \"x\"}")] // AWS: 500
    [InlineData("{\"statusCode\": null}")]
    [InlineData("{\"statusCode\": \"test\"}")]
    [InlineData("{\"statusCode\": 700}")]
    [InlineData("{\"statusCode\": 200, \"headers\": {\"x\": {\"nested\": 1}}}")]
    [InlineData("{\"statusCode\": 200, \"headers\": [\"x\"]}")]
    [InlineData("{\"statusCode\": 200, \"headers\": {\"x\": \"a\\r\\nInjected: yes\"}}")]
    [InlineData("{\"statusCode\": 200, \"headers\": {\"bad name\": \"v\"}}")]
    [InlineData("{\"statusCode\": 200, \"cookies\": \"a=1\"}")]
    [InlineData("{\"statusCode\": 200, \"body\": {\"not\": \"a string\"}}")]
    [InlineData("{\"statusCode\": 200, \"isBase64Encoded\": \"yes\"}")]
    [InlineData("{\"statusCode\": 200, \"body\": \"***\", \"isBase64Encoded\": true}")]
    [InlineData("{\"statusCode\": 200")]
    [InlineData("{\"statusCode\": 200} {}")]
    [InlineData("")]
    [InlineData("not json")]
    public void TryParse_V2Malformed_IsRejected(string payload) => Assert.False(Parse(payload).Ok);

    [Fact]
    public void TryParse_V2Base64Body_IsDecoded()
    {
        byte[] bytes = [0x89, 0x50, 0x4e, 0x47, 0x00, 0xff];

        var headers = new HeaderDictionary();
        var ok = LambdaResponseParser.TryParse(
            Encoding.UTF8.GetBytes($$"""{"statusCode": 200, "isBase64Encoded": true, "body": "{{Convert.ToBase64String(bytes)}}"}"""),
            LambdaPayloadFormat.V2, headers, out var response);

        Assert.True(ok);
        Assert.Equal(bytes, response.Body.ToArray());
        response.Dispose();
    }

    [Fact]
    public void TryParse_V2EscapedBody_IsUnescaped()
    {
        var parsed = Parse("""{"statusCode": 200, "body": "line1\nline2 \u00e9 \"q\" \\ \/"}""");

        Assert.Equal("line1\nline2 é \"q\" \\ /", parsed.Body);
    }

    [Fact]
    public void TryParse_V2OtherMembers_AreIgnoredMultiValueHeadersToo()
    {
        var parsed = Parse("""{"statusCode": 200, "wrongValue": {"a": [1]}, "multiValueHeaders": {"x-m": ["1", "2"]}, "body": "ok"}""");

        Assert.True(parsed.Ok);
        Assert.Equal("ok", parsed.Body);
        Assert.False(parsed.Headers.ContainsKey("x-m"));
    }

    [Fact]
    public void TryParse_FramingAndRequestIdHeaders_AreTheGatewaysOwn()
    {
        var parsed = Parse("""
            {"statusCode": 200, "headers": {"Content-Length": "999", "Transfer-Encoding": "chunked", "Connection": "close",
             "apigw-requestid": "forged", "X-Kept": "yes"}}
            """);

        Assert.True(parsed.Ok);
        Assert.Equal(["X-Kept"], parsed.Headers.Keys);
    }

    // 1.0: the answers AWS recorded for a REST proxy integration (HTTP APIs' 1.0 shares the format; 502 there is 500 here).

    [Theory]
    [InlineData("""{"statusCode": 200}""", 200)] // invoke-api-no-body
    [InlineData("""{"statusCode": 200, "headers": null}""", 200)] // invoke-api-with-headers-null
    [InlineData("""{"statusCode": "201"}""", 201)] // invoke-api-status-code-str
    [InlineData("""{"headers": {"test-header": "value"}}""", 200)] // invoke-api-only-headers: statusCode defaults to 200
    public void TryParse_V1AcceptedAnswers(string payload, int status)
    {
        var parsed = Parse(payload, "1.0");

        Assert.True(parsed.Ok);
        Assert.Equal(status, parsed.Status);
        Assert.False(parsed.Inferred);
    }

    [Theory]
    [InlineData("""{"statusCode": 200, "wrongValue": "value"}""")] // invoke-api-wrong-format
    [InlineData("""{}""")] // invoke-api-empty-response
    [InlineData("""{"statusCode": 200, "multiValueHeaders": {"test-multi-invalid": "value1"}}""")] // invoke-api-multi-headers-invalid
    [InlineData("""{"statusCode": "test"}""")] // invoke-api-invalid-status-code
    [InlineData("\"justAString\"")] // invoke-api-just-string
    [InlineData("""{"statusCode": 0, "body": "{\"key\":\"This body should be replaced\"}"}""")] // AWS's test tool: HTTP API 1.0 → 500
    [InlineData("""{"statusCode": 200, "cookies": ["a=1"]}""")] // cookies are 2.0's
    [InlineData("[1]")]
    [InlineData("null")]
    public void TryParse_V1Malformed_IsRejected(string payload) => Assert.False(Parse(payload, "1.0").Ok);

    [Fact]
    public void TryParse_V1HeaderValues_BooleansBecomeText()
    {
        // invoke-api-with-headers: "header-bool": true → "true"
        var parsed = Parse("""{"statusCode": 200, "headers": {"test-header": "value", "header-bool": true}}""", "1.0");

        Assert.Equal("value", parsed.Headers["test-header"]);
        Assert.Equal("true", parsed.Headers["header-bool"]);
    }

    [Fact]
    public void TryParse_V1MultiValueHeaders_EachValueKept()
    {
        // invoke-api-multi-headers-valid: "test-multi": "value1, value2"
        var parsed = Parse("""{"statusCode": 200, "multiValueHeaders": {"test-multi": ["value1", "value2"]}}""", "1.0");

        Assert.Equal(["value1", "value2"], Values(parsed.Headers["test-multi"]));
    }

    [Theory]
    [InlineData("""{"statusCode": 200, "multiValueHeaders": {"test-multi": ["value-multi"]}, "headers": {"test-multi": "value-solo"}}""")]
    [InlineData("""{"statusCode": 200, "headers": {"test-multi": "value-solo"}, "multiValueHeaders": {"test-multi": ["value-multi"]}}""")]
    public void TryParse_V1SameHeaderInBoth_MultiValuesFirst(string payload)
    {
        // invoke-api-multi-headers-overwrite: "test-multi": "value-multi, value-solo", whichever member comes first
        var parsed = Parse(payload, "1.0");

        Assert.Equal(["value-multi", "value-solo"], Values(parsed.Headers["test-multi"]));
    }

    [Fact]
    public void TryParse_V1SameHeaderDifferentCase_KeepsTheMultiValueSpelling()
    {
        // invoke-api-multi-headers-overwrite-casing: "tesT-Multi": "value-multi, value-solo"
        var parsed = Parse("""{"statusCode": 200, "headers": {"test-multi": "value-solo"}, "multiValueHeaders": {"tesT-Multi": ["value-multi"]}}""", "1.0");

        Assert.Equal(["tesT-Multi"], parsed.Headers.Keys);
        Assert.Equal(["value-multi", "value-solo"], Values(parsed.Headers["test-multi"]));
    }

    [Fact]
    public void TryParse_V1Base64_DecodedWhenMarkedAndKeptWhenNot()
    {
        // invoke-api-b64-encoded-true/false recorded REST without binaryMediaTypes; HTTP APIs decode whenever marked
        // (AWS's test tool, ToHttpResponse_HttpV1APIGatewayV1DecodesBase64).
        var encoded = Parse("""{"statusCode": 200, "body": "dGVzdC1kYXRh", "isBase64Encoded": true}""", "1.0");
        var plain = Parse("""{"statusCode": 200, "body": "dGVzdC1kYXRh"}""", "1.0");

        Assert.Equal("test-data", encoded.Body);
        Assert.Equal("dGVzdC1kYXRh", plain.Body);
    }

    [Fact]
    public void TryParse_V1ObjectWithoutStatusCode_IsNotInferred()
    {
        var parsed = Parse("""{"body": "x"}""", "1.0");

        Assert.True(parsed.Ok);
        Assert.False(parsed.Inferred);
        Assert.Equal(200, parsed.Status);
        Assert.Equal("x", parsed.Body);
    }
}
