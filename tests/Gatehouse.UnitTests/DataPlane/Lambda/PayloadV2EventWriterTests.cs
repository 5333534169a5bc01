using System.Text;
using System.Text.Json;

namespace Gatehouse.UnitTests.DataPlane.Lambda;

/// <summary>
/// The payload format 2.0 event, field by field, against AWS's documentation (http-api-develop-integrations-lambda)
/// and events AWS delivered (aws-lambda-go testdata, facts §4.2).
/// </summary>
public sealed class PayloadV2EventWriterTests
{
    private static readonly string[] TopLevelWithoutOptionals =
        ["version", "routeKey", "rawPath", "rawQueryString", "headers", "requestContext", "isBase64Encoded"];

    [Fact]
    public void Write_GetOnNamedStage_HasAwsFieldsInAwsOrder()
    {
        var e = new LambdaRequest { RouteKey = "GET /pets", StagePath = "/pets", Headers = [("User-Agent", "curl/8.5.0"), ("Accept", "*/*")] }.Event();

        Assert.Equal(TopLevelWithoutOptionals, e.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2.0", e.GetProperty("version").GetString());
        Assert.Equal("GET /pets", e.GetProperty("routeKey").GetString());
        Assert.Equal("/prod/pets", e.GetProperty("rawPath").GetString());
        Assert.Equal("", e.GetProperty("rawQueryString").GetString());
        Assert.False(e.GetProperty("isBase64Encoded").GetBoolean());
    }

    [Fact]
    public void Write_RequestContext_IsTheContextVariables()
    {
        var e = new LambdaRequest { RouteKey = "GET /pets", StagePath = "/pets", Headers = [("User-Agent", "curl/8.5.0")] }.Event();

        var context = e.GetProperty("requestContext");
        Assert.Equal(["accountId", "apiId", "domainName", "domainPrefix", "http", "requestId", "routeKey", "stage", "time", "timeEpoch"],
            context.EnumerateObject().Select(p => p.Name));
        Assert.Equal("000000000000", context.GetProperty("accountId").GetString());
        Assert.Equal("api0000001", context.GetProperty("apiId").GetString());
        Assert.Equal("api0000001.execute-api.localhost", context.GetProperty("domainName").GetString());
        Assert.Equal("api0000001", context.GetProperty("domainPrefix").GetString());
        Assert.Equal("JKJaXmPLvHcESHA=", context.GetProperty("requestId").GetString());
        Assert.Equal("GET /pets", context.GetProperty("routeKey").GetString());
        Assert.Equal("prod", context.GetProperty("stage").GetString());
        // AWS's documented example pairs this epoch with "12/Mar/2020"; the epoch is 4 March.
        Assert.Equal("04/Mar/2020:19:03:58 +0000", context.GetProperty("time").GetString());
        Assert.Equal(1583348638390, context.GetProperty("timeEpoch").GetInt64());
        var http = context.GetProperty("http");
        Assert.Equal(["method", "path", "protocol", "sourceIp", "userAgent"], http.EnumerateObject().Select(p => p.Name));
        Assert.Equal("GET", http.GetProperty("method").GetString());
        Assert.Equal("/prod/pets", http.GetProperty("path").GetString());
        Assert.Equal("HTTP/1.1", http.GetProperty("protocol").GetString());
        Assert.Equal("127.0.0.1", http.GetProperty("sourceIp").GetString());
        Assert.Equal("curl/8.5.0", http.GetProperty("userAgent").GetString());
    }

    [Fact]
    public void Write_DefaultStage_PathsHaveNoStageSegment()
    {
        var e = new LambdaRequest { RouteKey = "$default", StagePath = "/my/path", Stage = "$default" }.Event();

        Assert.Equal("/my/path", e.GetProperty("rawPath").GetString());
        Assert.Equal("/my/path", e.GetProperty("requestContext").GetProperty("http").GetProperty("path").GetString());
        Assert.Equal("$default", e.GetProperty("requestContext").GetProperty("stage").GetString());
        Assert.Equal("$default", e.GetProperty("routeKey").GetString());
        Assert.False(e.TryGetProperty("pathParameters", out _));
    }

    [Fact]
    public void Write_Headers_LowerCasedAndRepeatedOnesCommaJoined()
    {
        var e = new LambdaRequest
        {
            Headers = [("Header1", "value1"), ("Header2", "value1"), ("Header2", "value2"), ("X-Custom-CASE", "Keep Value Case")],
        }.Event();

        var headers = e.GetProperty("headers");
        Assert.Equal("value1", headers.GetProperty("header1").GetString());
        Assert.Equal("value1,value2", headers.GetProperty("header2").GetString());
        Assert.Equal("Keep Value Case", headers.GetProperty("x-custom-case").GetString());
        Assert.All(headers.EnumerateObject(), h => Assert.Equal(h.Name.ToLowerInvariant(), h.Name));
    }

    [Fact]
    public void Write_GatewayHeaders_AreAddedAsAwsAddsThem()
    {
        var e = new LambdaRequest().Event();

        var headers = e.GetProperty("headers");
        Assert.Equal("api0000001.execute-api.localhost:8080", headers.GetProperty("host").GetString());
        Assert.Equal("0", headers.GetProperty("content-length").GetString());
        Assert.Equal("127.0.0.1", headers.GetProperty("x-forwarded-for").GetString());
        Assert.Equal("8080", headers.GetProperty("x-forwarded-port").GetString());
        Assert.Equal("http", headers.GetProperty("x-forwarded-proto").GetString());
        // Root=1-{8 hex: epoch seconds}-{24 hex}: 1583348638 is 5e5ffb9e.
        Assert.Matches("^Root=1-5e5ffb9e-[0-9a-f]{24}$", headers.GetProperty("x-amzn-trace-id").GetString());
    }

    [Fact]
    public void Write_ClientTraceAndForwardedFor_AreKeptAndAppendedTo()
    {
        var e = new LambdaRequest
        {
            Headers = [("X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793"), ("X-Forwarded-For", "203.0.113.7"), ("X-Forwarded-Port", "1")],
        }.Event();

        var headers = e.GetProperty("headers");
        Assert.Equal("Root=1-5759e988-bd862e3fe1be46a994272793", headers.GetProperty("x-amzn-trace-id").GetString());
        Assert.Equal("203.0.113.7, 127.0.0.1", headers.GetProperty("x-forwarded-for").GetString());
        Assert.Equal("8080", headers.GetProperty("x-forwarded-port").GetString());
        Assert.Single(headers.EnumerateObject(), h => h.Name == "x-forwarded-port");
    }

    [Fact]
    public void Write_HopByHopHeaders_DoNotReachTheFunction()
    {
        var e = new LambdaRequest { Headers = [("Connection", "keep-alive"), ("Keep-Alive", "timeout=5"), ("TE", "trailers")] }.Event();

        var names = e.GetProperty("headers").EnumerateObject().Select(h => h.Name).ToList();
        Assert.DoesNotContain("connection", names);
        Assert.DoesNotContain("keep-alive", names);
        Assert.DoesNotContain("te", names);
    }

    [Fact]
    public void Write_Cookies_SplitOutOfTheCookieHeaderWhichIsRemoved()
    {
        var e = new LambdaRequest { Headers = [("Cookie", "cookie1=a; cookie2=b;"), ("Cookie", "cookie3=c")] }.Event();

        Assert.Equal(["cookie1=a", "cookie2=b", "cookie3=c"], e.GetProperty("cookies").EnumerateArray().Select(c => c.GetString()));
        Assert.False(e.GetProperty("headers").TryGetProperty("cookie", out _));
        Assert.Equal("rawQueryString", e.EnumerateObject().Select(p => p.Name).ElementAt(3));
        Assert.Equal("cookies", e.EnumerateObject().Select(p => p.Name).ElementAt(4));
    }

    [Fact]
    public void Write_QueryString_RawKeptDecodedParametersCommaJoined()
    {
        const string Raw = "parameter1=value1&parameter1=value2&parameter2=value&sp=a%20b+c&enco%2Fded=qu%2Fery&empty=&flag&colors[]=blue&colors[]=red";

        var e = new LambdaRequest { Query = "?" + Raw }.Event();

        Assert.Equal(Raw, e.GetProperty("rawQueryString").GetString());
        var query = e.GetProperty("queryStringParameters");
        Assert.Equal("value1,value2", query.GetProperty("parameter1").GetString());
        Assert.Equal("value", query.GetProperty("parameter2").GetString());
        Assert.Equal("a b c", query.GetProperty("sp").GetString());
        Assert.Equal("qu/ery", query.GetProperty("enco/ded").GetString());
        Assert.Equal("", query.GetProperty("empty").GetString());
        Assert.Equal("", query.GetProperty("flag").GetString());
        Assert.Equal("blue,red", query.GetProperty("colors[]").GetString());
    }

    [Fact]
    public void Write_NonAsciiQueryValue_IsDecodedAsUtf8()
    {
        var e = new LambdaRequest { Query = "?name=J%C3%BCrgen&city=%E6%9D%B1%E4%BA%AC" }.Event();

        Assert.Equal("Jürgen", e.GetProperty("queryStringParameters").GetProperty("name").GetString());
        Assert.Equal("東京", e.GetProperty("queryStringParameters").GetProperty("city").GetString());
    }

    [Fact]
    public void Write_PathParameters_DecodedGreedyKeepsSlashes()
    {
        var e = new LambdaRequest { RouteKey = "ANY /files/{bucket}/{key+}", StagePath = "/files/my%20bucket/a%2Bb/c.txt" }.Event();

        var parameters = e.GetProperty("pathParameters");
        Assert.Equal("my bucket", parameters.GetProperty("bucket").GetString());
        Assert.Equal("a+b/c.txt", parameters.GetProperty("key").GetString());
    }

    [Fact]
    public void Write_EncodedPath_RawPathIsPercentDecodedAsHttpApisDeliverIt()
    {
        var e = new LambdaRequest { StagePath = "/RSC/%40id%2Fassets%2Frsf0.js%23save.txt" }.Event();

        Assert.Equal("/prod/RSC/@id/assets/rsf0.js#save.txt", e.GetProperty("rawPath").GetString());
        Assert.Equal("/prod/RSC/@id/assets/rsf0.js#save.txt", e.GetProperty("requestContext").GetProperty("http").GetProperty("path").GetString());
    }

    [Fact]
    public void Write_StageVariables_WhenTheStageHasSome()
    {
        var e = new LambdaRequest { StageVariables = new() { ["stageVariable1"] = "value1" } }.Event();

        Assert.Equal("value1", e.GetProperty("stageVariables").GetProperty("stageVariable1").GetString());
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("text/plain")]
    [InlineData("TEXT/HTML;charset=UTF-8")]
    [InlineData("application/xml")]
    [InlineData("application/javascript")]
    public void Write_TextBody_GoesAsUtf8Text(string contentType)
    {
        var e = new LambdaRequest
        {
            Method = "POST",
            Headers = [("Content-Type", contentType)],
            Body = LambdaRequest.Utf8("{\"message\": \"héllo <world> & \\\"friends\\\"\"}"),
        }.Event();

        Assert.Equal("{\"message\": \"héllo <world> & \\\"friends\\\"\"}", e.GetProperty("body").GetString());
        Assert.False(e.GetProperty("isBase64Encoded").GetBoolean());
        var length = Encoding.UTF8.GetByteCount("{\"message\": \"héllo <world> & \\\"friends\\\"\"}");
        Assert.Equal(length.ToString(System.Globalization.CultureInfo.InvariantCulture), e.GetProperty("headers").GetProperty("content-length").GetString());
    }

    [Theory]
    [InlineData("application/octet-stream")]
    [InlineData("image/png")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/ld+json")]
    [InlineData(null)]
    public void Write_OtherBodies_GoBase64Encoded(string? contentType)
    {
        byte[] body = [0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0xfe, 0x0a];

        var e = new LambdaRequest
        {
            Method = "POST",
            Headers = contentType is null ? [] : [("Content-Type", contentType)],
            Body = body,
        }.Event();

        Assert.Equal(Convert.ToBase64String(body), e.GetProperty("body").GetString());
        Assert.True(e.GetProperty("isBase64Encoded").GetBoolean());
        Assert.Equal("8", e.GetProperty("headers").GetProperty("content-length").GetString());
    }

    [Fact]
    public void Write_TextBodyThatIsNotUtf8_CarriesReplacementCharacters()
    {
        var e = new LambdaRequest { Method = "POST", Headers = [("Content-Type", "text/plain")], Body = [0x61, 0xff, 0x62] }.Event();

        Assert.Equal("a\uFFFDb", e.GetProperty("body").GetString());
    }

    [Fact]
    public void Write_HeaderMappings_ChangeTheEventsHeaders()
    {
        var e = new LambdaRequest
        {
            Headers = [("X-Keep", "k"), ("X-Drop", "d"), ("X-Over", "old"), ("X-Append", "a")],
            RequestParameters = new()
            {
                ["remove:header.x-drop"] = "''",
                ["overwrite:header.x-over"] = "new",
                ["append:header.x-append"] = "$context.requestId",
                ["overwrite:header.x-stage"] = "$context.stage",
            },
        }.Event();

        var headers = e.GetProperty("headers");
        Assert.Equal("k", headers.GetProperty("x-keep").GetString());
        Assert.False(headers.TryGetProperty("x-drop", out _));
        Assert.Equal("new", headers.GetProperty("x-over").GetString());
        Assert.Equal("a,JKJaXmPLvHcESHA=", headers.GetProperty("x-append").GetString());
        Assert.Equal("prod", headers.GetProperty("x-stage").GetString());
    }

    [Fact]
    public void Write_QueryAndPathMappings_ChangeRawQueryStringParametersAndRawPath()
    {
        var e = new LambdaRequest
        {
            RouteKey = "GET /pets/{id}",
            StagePath = "/pets/7",
            Query = "?keep=1&secret=s",
            RequestParameters = new()
            {
                ["remove:querystring.secret"] = "''",
                ["append:querystring.id"] = "$request.path.id",
                ["overwrite:path"] = "/v2/pets/${request.path.id}",
            },
        }.Event();

        Assert.Equal("keep=1&id=7", e.GetProperty("rawQueryString").GetString());
        Assert.Equal("7", e.GetProperty("queryStringParameters").GetProperty("id").GetString());
        Assert.False(e.GetProperty("queryStringParameters").TryGetProperty("secret", out _));
        Assert.Equal("/v2/pets/7", e.GetProperty("rawPath").GetString());
        // requestContext describes the client's request.
        Assert.Equal("/prod/pets/7", e.GetProperty("requestContext").GetProperty("http").GetProperty("path").GetString());
    }

    [Fact]
    public void Write_LargeBinaryBody_IsEncodedWhole()
    {
        var body = new byte[3 * 1024 * 1024];
        new Random(42).NextBytes(body);

        var e = new LambdaRequest { Method = "PUT", Headers = [("Content-Type", "application/zip")], Body = body }.Event();

        Assert.Equal(body, Convert.FromBase64String(e.GetProperty("body").GetString()!));
    }

    [Fact]
    public void Write_TwiceOnOneThread_ReusesTheWriterWithoutMixingEvents()
    {
        var first = new LambdaRequest { StagePath = "/one" }.Event();
        var second = new LambdaRequest { StagePath = "/two", PayloadFormat = "1.0" }.Event();
        var third = new LambdaRequest { StagePath = "/three" }.Event();

        Assert.Equal("/prod/one", first.GetProperty("rawPath").GetString());
        Assert.Equal("/prod/two", second.GetProperty("path").GetString());
        Assert.Equal("/prod/three", third.GetProperty("rawPath").GetString());
        Assert.Equal(JsonValueKind.Object, third.ValueKind);
    }
}
