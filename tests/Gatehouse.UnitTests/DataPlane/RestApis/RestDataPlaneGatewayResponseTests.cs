using System.Text;
using Gatehouse.DataPlane;
using Gatehouse.DataPlane.RestApis;
using Gatehouse.Model.RestApis;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.UnitTests.DataPlane.RestApis;

/// <summary>Gateway responses: AWS's defaults, the API's customisations, and DEFAULT_4XX/5XX as AWS resolves them (facts §13.2).</summary>
public sealed class RestDataPlaneGatewayResponseTests
{
    private static RestGatewayResponse Custom(string type, string? status = null, Dictionary<string, string>? parameters = null,
        Dictionary<string, string>? templates = null) =>
        new() { ResponseType = type, StatusCode = status, ResponseParameters = parameters, ResponseTemplates = templates };

    private static async Task<(int Status, string Body, IHeaderDictionary Headers)> WriteAsync(
        RestGatewayError error, IReadOnlyList<RestGatewayResponse> customised, Action<HttpRequest>? request = null)
    {
        var responses = RestGatewayResponses.Compile(customised);
        var httpContext = new DefaultHttpContext();
        httpContext.Response.Body = new MemoryStream();
        request?.Invoke(httpContext.Request);
        var context = new RequestContext
        {
            RequestId = "c0ffee00-0000-4000-8000-000000000000",
            ExtendedRequestId = "abcdefghijklmno=",
            ApiId = "api0000001",
            AccountId = "000000000000",
            DomainName = "api0000001.execute-api.localhost",
            HttpMethod = "GET",
            Path = "/dev/pets",
            RequestTimeEpoch = 0,
            SourceIp = "127.0.0.1",
            TraceId = "Root=1-00000000-0123456789abcdef01234567",
            RestStageName = "dev",
            ResourcePath = "/pets/{id}",
        };
        var deployment = RestApiCompiler.Compile("api0000001", RestSnapshots.Snapshot(("/pets/{id}", ["GET"])));
        var state = new RestRequestState
        {
            Stage = new CompiledRestStage("dev", deployment, new Dictionary<string, string> { ["who"] = "stagevar" }, [], null, null),
            Path = "/pets/7",
            PathParameters = [new("id", "7")],
        };

        await responses.WriteAsync(httpContext, context, state, error);
        return (httpContext.Response.StatusCode, Encoding.UTF8.GetString(((MemoryStream)httpContext.Response.Body).ToArray()), httpContext.Response.Headers);
    }

    [Fact]
    public async Task WriteAsync_NotCustomised_AnswersAwsDefault()
    {
        var (status, body, headers) = await WriteAsync(RestGatewayError.MissingAuthenticationToken, []);

        Assert.Equal(403, status);
        Assert.Equal("""{"message":"Missing Authentication Token"}""", body);
        Assert.Equal("MissingAuthenticationTokenException", headers["x-amzn-ErrorType"]);
        Assert.Equal("application/json", headers.ContentType);
    }

    [Fact]
    public async Task WriteAsync_DefaultsAsSnapshotted_AnswerAwsDefault()
    {
        var (status, body, _) = await WriteAsync(RestGatewayError.BadRequestBody, [.. GatewayResponseTypes.All.Select(t => GatewayResponseTypes.Default(t.Type))]);

        Assert.Equal(400, status);
        Assert.Equal("""{"message": "Invalid request body"}""", body);
    }

    [Fact]
    public async Task WriteAsync_CustomisedType_RendersStatusHeadersAndTemplate()
    {
        var custom = Custom("MISSING_AUTHENTICATION_TOKEN", "404",
            new Dictionary<string, string>
            {
                ["gatewayresponse.header.Access-Control-Allow-Origin"] = "'a.b.c'",
                ["gatewayresponse.header.x-request-path"] = "method.request.path.id",
                ["gatewayresponse.header.x-request-query"] = "method.request.querystring.q",
                ["gatewayresponse.header.x-request-header"] = "method.request.header.Accept",
                ["gatewayresponse.header.x-stage"] = "stageVariables.who",
                ["gatewayresponse.header.x-id"] = "context.requestId",
            },
            new Dictionary<string, string>
            {
                ["application/json"] = """{"message": $context.error.messageString, "type": "$context.error.responseType", "stage": "$context.stage", "resourcePath": "${context.resourcePath}", "a": "$stageVariables.who", "none": "$context.nothing"}""",
            });

        var (status, body, headers) = await WriteAsync(RestGatewayError.MissingAuthenticationToken, [custom], r =>
        {
            r.QueryString = new QueryString("?q=v");
            r.Headers.Accept = "application/json";
        });

        Assert.Equal(404, status);
        Assert.Equal("""{"message": "Missing Authentication Token", "type": "MISSING_AUTHENTICATION_TOKEN", "stage": "dev", "resourcePath": "/pets/{id}", "a": "stagevar", "none": ""}""", body);
        Assert.Equal("a.b.c", headers["Access-Control-Allow-Origin"]);
        Assert.Equal("7", headers["x-request-path"]);
        Assert.Equal("v", headers["x-request-query"]);
        Assert.Equal("application/json", headers["x-request-header"]);
        Assert.Equal("stagevar", headers["x-stage"]);
        Assert.Equal("c0ffee00-0000-4000-8000-000000000000", headers["x-id"]);
    }

    [Fact]
    public async Task WriteAsync_Default4xxCustomised_AppliesToUncustomised4xxTypesWithItsStatus()
    {
        var fallback = Custom("DEFAULT_4XX", "418", templates: new Dictionary<string, string> { ["application/json"] = """{"oops":$context.error.messageString}""" });

        var (status, body, _) = await WriteAsync(RestGatewayError.Throttled, [fallback]);
        var (serverStatus, serverBody, _) = await WriteAsync(RestGatewayError.IntegrationTimeout, [fallback]);

        Assert.Equal(418, status);
        Assert.Equal("""{"oops":"Too Many Requests"}""", body);
        Assert.Equal(504, serverStatus);
        Assert.Equal("""{"message": "Endpoint request timed out"}""", serverBody);
    }

    [Fact]
    public async Task WriteAsync_TypeCustomisedWithoutStatus_TakesDefault4xxStatusElseItsOwn()
    {
        var own = Custom("THROTTLED", templates: new Dictionary<string, string> { ["application/json"] = "slow down" });

        Assert.Equal((429, "slow down"), await StatusAndBody([own]));
        Assert.Equal((400, "slow down"), await StatusAndBody([own, Custom("DEFAULT_4XX", "400")]));

        static async Task<(int, string)> StatusAndBody(IReadOnlyList<RestGatewayResponse> customised)
        {
            var (status, body, _) = await WriteAsync(RestGatewayError.Throttled, customised);
            return (status, body);
        }
    }

    [Fact]
    public async Task WriteAsync_Default5xxCustomised_AppliesToLambdaFailures()
    {
        var fallback = Custom("DEFAULT_5XX", parameters: new Dictionary<string, string> { ["gatewayresponse.header.Access-Control-Allow-Origin"] = "'*'" });

        var (status, body, headers) = await WriteAsync(RestGatewayError.IntegrationFailure, [fallback]);

        Assert.Equal(502, status);
        Assert.Equal("*", headers["Access-Control-Allow-Origin"]);
        Assert.Equal("""{"message": "Internal server error"}""", body); // no template: AWS's body
    }

    [Fact]
    public async Task WriteAsync_AuthorizerConfigurationErrorCustomised_RendersItsMessageStringAsNull()
    {
        // AWS's default body for this type is {"message": null}: its messageString is null, not an empty string.
        var custom = Custom("AUTHORIZER_CONFIGURATION_ERROR", templates: new Dictionary<string, string>
        {
            ["application/json"] = """{"m": $context.error.messageString, "type": "$context.error.responseType"}""",
        });

        var (status, body, _) = await WriteAsync(RestGatewayError.AuthorizerConfigurationError, [custom]);
        var (_, defaultBody, _) = await WriteAsync(RestGatewayError.AuthorizerConfigurationError, []);

        Assert.Equal(500, status);
        Assert.Equal("""{"m": null, "type": "AUTHORIZER_CONFIGURATION_ERROR"}""", body);
        Assert.Equal("""{"message": null}""", defaultBody);
    }

    [Fact]
    public async Task WriteAsync_TemplateByAccept_PicksTheClientsType()
    {
        var custom = Custom("MISSING_AUTHENTICATION_TOKEN", templates: new Dictionary<string, string>
        {
            ["application/json"] = "{}",
            ["application/xml"] = "<message>$context.error.message</message>",
        });

        var (_, body, headers) = await WriteAsync(RestGatewayError.MissingAuthenticationToken, [custom], r => r.Headers.Accept = "application/xml");

        Assert.Equal("<message>Missing Authentication Token</message>", body);
        Assert.Equal("application/xml", headers.ContentType);
    }

    [Fact]
    public async Task WriteAsync_RequestTooLarge_IsNotCustomisable()
    {
        var custom = Custom("REQUEST_TOO_LARGE", "400", templates: new Dictionary<string, string> { ["application/json"] = "{}" });

        var (status, body, headers) = await WriteAsync(RestGatewayError.RequestTooLarge, [custom]);

        Assert.Equal(413, status);
        Assert.Equal("HTTP content length exceeded 10485760 bytes.", body);
        Assert.Equal("text; charset=utf-8", headers.ContentType);
    }

    [Fact]
    public async Task WriteAsync_BadRequestParameters_NamesTheParameters()
    {
        var (status, body, headers) = await WriteAsync(RestGatewayError.BadRequestParameters("a, b"), []);

        Assert.Equal(400, status);
        Assert.Equal("""{"message": "Missing required request parameters: [a, b]"}""", body);
        Assert.Equal("BadRequestException", headers["x-amzn-ErrorType"]);
    }

    [Theory]
    [InlineData("$context.stage.", "dev.")]
    [InlineData("$!context.stage", "dev")]
    [InlineData("${context.stage}x", "devx")]
    [InlineData("$input.body $context", "$input.body $context")]
    [InlineData("${context.stage", "${context.stage")]
    public void Render_SimpleSubstitution_ReplacesOnlyContextAndStageVariables(string template, string expected)
    {
        Assert.Equal(expected, GatewayResponseTemplate.Parse(template).Render((root, name) => root == "context" && name == "stage" ? "dev" : null));
    }
}
