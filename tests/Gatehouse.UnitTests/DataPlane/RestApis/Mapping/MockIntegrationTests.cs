using Gatehouse.DataPlane.RestApis.Mapping;
using Gatehouse.Model.RestApis;
using static Gatehouse.UnitTests.DataPlane.RestApis.Mapping.MappingRequests;

namespace Gatehouse.UnitTests.DataPlane.RestApis.Mapping;

/// <summary>Given a MOCK integration, the request template's statusCode picks the integration response
/// (how-to-mock-integration).</summary>
public sealed class MockIntegrationTests
{
    private static RestMappedIntegration Compile(Dictionary<string, string>? templates, string? passthrough = null, params IntegrationResponse[] responses) =>
        RestMappedIntegration.Compile(new RestIntegration
        {
            Type = "MOCK",
            RequestTemplates = templates,
            PassthroughBehavior = passthrough,
            IntegrationResponses = Responses(responses),
        }, new RestMappingOptions());

    private static IntegrationResponse[] GuideResponses =>
    [
        Response("200", templates: new() { ["application/json"] = """{"statusCode": 200, "message": "Go ahead without me."}""" }),
        Response("500", "5\\d{2}", templates: new() { ["application/json"] = """{"statusCode": 500, "message": "The invoked method is not supported on the API resource."}""" }),
    ];

    [Theory]
    [InlineData("internal", 200, "Go ahead without me.")]
    [InlineData("external", 500, "The invoked method is not supported on the API resource.")]
    public async Task InvokeAsync_GuideScopeTemplate_ChoosesTheResponse(string scope, int expected, string message)
    {
        const string Template = """
            {
              #if( $input.params('scope') == "internal" )
                "statusCode": 200
              #else
                "statusCode": 500
              #end
            }
            """;
        var integration = Compile(new() { ["application/json"] = Template }, null, GuideResponses);

        var outcome = await integration.InvokeAsync(Request(httpMethod: "GET", query: [("scope", scope)]), CancellationToken.None);

        Assert.Equal(expected, outcome.Response!.StatusCode);
        Assert.Contains(message, Text(outcome.Response.Body), StringComparison.Ordinal);
        Assert.Null(outcome.IntegrationLatency);
    }

    [Fact]
    public async Task InvokeAsync_RecordedMockResponse_AsOnAws()
    {
        // Recorded on AWS (test_mock_integration_response): {"id": 42, "statusCode": 200} for every passthrough behavior.
        var integration = Compile(new() { ["application/json"] = """{"statusCode": 200}""" }, "NEVER",
            Response("200", templates: new() { ["application/json"] = """{"statusCode": 200, "id": 42}""" }));

        var outcome = await integration.InvokeAsync(Request(httpMethod: "GET"), CancellationToken.None);

        Assert.Equal(200, outcome.Response!.StatusCode);
        Assert.Equal("""{"statusCode": 200, "id": 42}""", Text(outcome.Response.Body));
    }

    [Fact]
    public async Task InvokeAsync_NoRequestTemplate_AnswersTheDefaultResponse()
    {
        // how-to-mock-integration: without a request template the default integration response answers.
        var integration = Compile(null, null, Response("204", templates: new() { ["application/json"] = "" }), Response("500", "5\\d{2}"));

        var outcome = await integration.InvokeAsync(Request(httpMethod: "GET"), CancellationToken.None);

        Assert.Equal(204, outcome.Response!.StatusCode);
        Assert.True(outcome.Response.Body.IsEmpty);
    }

    [Fact]
    public async Task InvokeAsync_CdkPreflightTemplate_UnquotedKeyWorks()
    {
        var integration = Compile(new() { ["application/json"] = "{ statusCode: 200 }" }, null,
            Response("204", "2\\d{2}", parameters: new() { ["method.response.header.Access-Control-Allow-Origin"] = "'*'" }));

        var outcome = await integration.InvokeAsync(Request(httpMethod: "OPTIONS"), CancellationToken.None);

        Assert.Equal(204, outcome.Response!.StatusCode);
        Assert.Equal("*", Header(outcome.Response.Headers, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task InvokeAsync_TemplateWithoutIntegerStatus_IsAConfigurationError()
    {
        var integration = Compile(new() { ["application/json"] = """{"statusCode": "two hundred"}""" }, null, Response("200"));

        var outcome = await integration.InvokeAsync(Request(), CancellationToken.None);

        Assert.Equal(RestIntegrationFailure.ConfigurationError, outcome.Failure);
        Assert.Contains("Unable to parse statusCode", outcome.IntegrationError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_ResponseOverrideInRequestTemplate_ReachesTheClient()
    {
        // Recorded on AWS (test_integration_mock_with_response_override_in_request_template): status 444 and the
        // header set in the request template.
        const string Template = """
            #set($context.responseOverride.status = 444)
            #set($context.responseOverride.header.foo = "bar")
            {"statusCode": 200}
            """;
        var integration = Compile(new() { ["application/json"] = Template }, null, Response("200"));

        var outcome = await integration.InvokeAsync(Request(), CancellationToken.None);

        Assert.Equal(444, outcome.Response!.StatusCode);
        Assert.Equal("bar", Header(outcome.Response.Headers, "foo"));
    }

    [Fact]
    public async Task InvokeAsync_NoIntegrationResponses_IsAConfigurationError()
    {
        var integration = Compile(new() { ["application/json"] = """{"statusCode": 200}""" }, null);

        var outcome = await integration.InvokeAsync(Request(), CancellationToken.None);

        Assert.Equal(RestIntegrationFailure.ConfigurationError, outcome.Failure);
    }

    [Fact]
    public void Compile_ProxyType_IsRefused()
    {
        Assert.False(RestMappedIntegration.Handles(new RestIntegration { Type = "AWS_PROXY" }));
        Assert.Throws<ArgumentException>(() => RestMappedIntegration.Compile(new RestIntegration { Type = "HTTP_PROXY" }, new RestMappingOptions()));
    }
}
