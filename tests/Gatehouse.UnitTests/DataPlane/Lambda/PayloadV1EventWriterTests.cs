using System.Text.Json;

namespace Gatehouse.UnitTests.DataPlane.Lambda;

/// <summary>
/// The payload format 1.0 event of HTTP APIs, field by field, against AWS's documentation and HTTP API 1.0 events AWS
/// delivered (resourceId is the route key, path includes the stage, identity.cognitoAmr, lower-cased client headers
/// beside canonical gateway headers).
/// </summary>
public sealed class PayloadV1EventWriterTests
{
    [Fact]
    public void Write_GetOnNamedStage_HasAwsFieldsInAwsOrder()
    {
        var e = new LambdaRequest { PayloadFormat = "1.0", RouteKey = "GET /api/core/services", StagePath = "/api/core/services" }.Event();

        Assert.Equal(
            ["version", "resource", "path", "httpMethod", "headers", "multiValueHeaders", "queryStringParameters", "multiValueQueryStringParameters",
             "requestContext", "pathParameters", "stageVariables", "body", "isBase64Encoded"],
            e.EnumerateObject().Select(p => p.Name));
        Assert.Equal("1.0", e.GetProperty("version").GetString());
        Assert.Equal("/api/core/services", e.GetProperty("resource").GetString());
        Assert.Equal("/prod/api/core/services", e.GetProperty("path").GetString());
        Assert.Equal("GET", e.GetProperty("httpMethod").GetString());
        Assert.Equal(JsonValueKind.Null, e.GetProperty("queryStringParameters").ValueKind);
        Assert.Equal(JsonValueKind.Null, e.GetProperty("multiValueQueryStringParameters").ValueKind);
        Assert.Equal(JsonValueKind.Null, e.GetProperty("pathParameters").ValueKind);
        Assert.Equal(JsonValueKind.Null, e.GetProperty("stageVariables").ValueKind);
        Assert.Equal(JsonValueKind.Null, e.GetProperty("body").ValueKind);
        Assert.False(e.GetProperty("isBase64Encoded").GetBoolean());
    }

    [Fact]
    public void Write_RequestContext_HasTheRestStyleFieldsOfHttpApis()
    {
        var e = new LambdaRequest
        {
            PayloadFormat = "1.0",
            RouteKey = "GET /api/v1/project/{project}",
            StagePath = "/api/v1/project/0dba7774",
            Headers = [("User-Agent", "Amazon CloudFront")],
        }.Event();

        var context = e.GetProperty("requestContext");
        Assert.Equal(
            ["accountId", "apiId", "domainName", "domainPrefix", "extendedRequestId", "httpMethod", "identity", "path", "protocol", "requestId",
             "requestTime", "requestTimeEpoch", "resourceId", "resourcePath", "stage"],
            context.EnumerateObject().Select(p => p.Name));
        Assert.Equal("JKJaXmPLvHcESHA=", context.GetProperty("extendedRequestId").GetString());
        Assert.Equal("JKJaXmPLvHcESHA=", context.GetProperty("requestId").GetString());
        Assert.Equal("GET", context.GetProperty("httpMethod").GetString());
        Assert.Equal("/prod/api/v1/project/0dba7774", context.GetProperty("path").GetString());
        Assert.Equal("HTTP/1.1", context.GetProperty("protocol").GetString());
        Assert.Equal("04/Mar/2020:19:03:58 +0000", context.GetProperty("requestTime").GetString());
        Assert.Equal(1583348638390, context.GetProperty("requestTimeEpoch").GetInt64());
        Assert.Equal("GET /api/v1/project/{project}", context.GetProperty("resourceId").GetString());
        Assert.Equal("/api/v1/project/{project}", context.GetProperty("resourcePath").GetString());
        Assert.Equal("prod", context.GetProperty("stage").GetString());
        Assert.Equal("/api/v1/project/{project}", e.GetProperty("resource").GetString());
        Assert.Equal("0dba7774", e.GetProperty("pathParameters").GetProperty("project").GetString());

        var identity = context.GetProperty("identity");
        Assert.Equal(
            ["accessKey", "accountId", "caller", "cognitoAmr", "cognitoAuthenticationProvider", "cognitoAuthenticationType", "cognitoIdentityId",
             "cognitoIdentityPoolId", "principalOrgId", "sourceIp", "user", "userAgent", "userArn"],
            identity.EnumerateObject().Select(p => p.Name));
        Assert.Equal("127.0.0.1", identity.GetProperty("sourceIp").GetString());
        Assert.Equal("Amazon CloudFront", identity.GetProperty("userAgent").GetString());
        Assert.Equal(JsonValueKind.Null, identity.GetProperty("accessKey").ValueKind);
        Assert.Equal(JsonValueKind.Null, identity.GetProperty("cognitoAmr").ValueKind);
    }

    [Fact]
    public void Write_DefaultRoute_ResourceIsDefault()
    {
        var e = new LambdaRequest { PayloadFormat = "1.0", RouteKey = "$default", StagePath = "/async", Stage = "$default" }.Event();

        Assert.Equal("$default", e.GetProperty("resource").GetString());
        Assert.Equal("/async", e.GetProperty("path").GetString());
        Assert.Equal("$default", e.GetProperty("requestContext").GetProperty("resourceId").GetString());
        Assert.Equal("$default", e.GetProperty("requestContext").GetProperty("resourcePath").GetString());
        Assert.Equal("$default", e.GetProperty("requestContext").GetProperty("stage").GetString());
    }

    [Fact]
    public void Write_HeaderNames_ClientOnesLowerCasedGatewayOnesCanonical()
    {
        var e = new LambdaRequest
        {
            PayloadFormat = "1.0",
            Method = "POST",
            Headers = [("Accept", "*/*"), ("Content-Type", "application/json"), ("User-Agent", "curl/7.79.1"), ("Authorization", "Bearer x")],
            Body = LambdaRequest.Utf8("{\"name\":\"bob\"}"),
        }.Event();

        var names = e.GetProperty("headers").EnumerateObject().Select(h => h.Name).ToList();
        Assert.Equal(["Host", "accept", "Content-Type", "User-Agent", "authorization", "Content-Length", "X-Amzn-Trace-Id", "X-Forwarded-For", "X-Forwarded-Port", "X-Forwarded-Proto"],
            names);
        Assert.Equal(names, e.GetProperty("multiValueHeaders").EnumerateObject().Select(h => h.Name));
        Assert.Equal("14", e.GetProperty("headers").GetProperty("Content-Length").GetString());
    }

    [Fact]
    public void Write_RepeatedHeader_LastValueInHeadersEveryValueInMultiValueHeaders()
    {
        var e = new LambdaRequest { PayloadFormat = "1.0", Headers = [("Header2", "value1"), ("Header2", "value2")] }.Event();

        Assert.Equal("value2", e.GetProperty("headers").GetProperty("header2").GetString());
        Assert.Equal(["value1", "value2"], e.GetProperty("multiValueHeaders").GetProperty("header2").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(["0"], e.GetProperty("multiValueHeaders").GetProperty("Content-Length").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public void Write_CookieHeader_StaysAHeader()
    {
        var e = new LambdaRequest { PayloadFormat = "1.0", Headers = [("Cookie", "a=1; b=2")] }.Event();

        Assert.Equal("a=1; b=2", e.GetProperty("headers").GetProperty("cookie").GetString());
        Assert.False(e.TryGetProperty("cookies", out _));
    }

    [Fact]
    public void Write_RepeatedQueryParameter_LastValueAndEveryValue()
    {
        var e = new LambdaRequest { PayloadFormat = "1.0", Query = "?category=electronics&category=books&price=10&price=20&price=30&colors[]=blue&colors[]=red" }.Event();

        var single = e.GetProperty("queryStringParameters");
        Assert.Equal("books", single.GetProperty("category").GetString());
        Assert.Equal("30", single.GetProperty("price").GetString());
        Assert.Equal("red", single.GetProperty("colors[]").GetString());
        var multi = e.GetProperty("multiValueQueryStringParameters");
        Assert.Equal(["electronics", "books"], multi.GetProperty("category").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(["10", "20", "30"], multi.GetProperty("price").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public void Write_EncodedPath_PathIsDecodedPathParametersToo()
    {
        var e = new LambdaRequest { PayloadFormat = "1.0", RouteKey = "ANY /{proxy+}", StagePath = "/user/test%2Balias@gmail.com/a%20b" }.Event();

        Assert.Equal("/prod/user/test+alias@gmail.com/a b", e.GetProperty("path").GetString());
        Assert.Equal("user/test+alias@gmail.com/a b", e.GetProperty("pathParameters").GetProperty("proxy").GetString());
        Assert.Equal("/{proxy+}", e.GetProperty("resource").GetString());
    }

    [Fact]
    public void Write_BinaryBody_Base64()
    {
        var e = new LambdaRequest { PayloadFormat = "1.0", Method = "POST", Headers = [("Content-Type", "application/octet-stream")], Body = [1, 2, 3, 255] }.Event();

        Assert.Equal("AQID/w==", e.GetProperty("body").GetString());
        Assert.True(e.GetProperty("isBase64Encoded").GetBoolean());
    }

    [Fact]
    public void Write_StageVariables_AsAnObject()
    {
        var e = new LambdaRequest { PayloadFormat = "1.0", StageVariables = new() { ["lambdaAlias"] = "live" } }.Event();

        Assert.Equal("live", e.GetProperty("stageVariables").GetProperty("lambdaAlias").GetString());
    }
}
