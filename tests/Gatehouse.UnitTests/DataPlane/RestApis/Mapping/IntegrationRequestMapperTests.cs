using System.Text;
using Gatehouse.DataPlane.RestApis.Mapping;
using Gatehouse.Model.RestApis;
using static Gatehouse.UnitTests.DataPlane.RestApis.Mapping.MappingRequests;

namespace Gatehouse.UnitTests.DataPlane.RestApis.Mapping;

/// <summary>The integration request step: template selection with passthrough behaviour, rendering, overrides,
/// content handling.</summary>
public sealed class IntegrationRequestMapperTests
{
    private const string Transformed = "transformed";

    private static IntegrationRequestMapper Mapper(Dictionary<string, string>? templates, string? passthrough = null,
        Dictionary<string, string>? parameters = null, string? contentHandling = null, IReadOnlyList<string>? binaryTypes = null) =>
        IntegrationRequestMapper.Compile(new RestIntegration
        {
            Type = "HTTP",
            RequestTemplates = templates,
            PassthroughBehavior = passthrough,
            RequestParameters = parameters,
            ContentHandling = contentHandling,
        }, new BinaryMediaTypes(binaryTypes));

    // integration-passthrough-behaviors, example 1 (an application/json template) and example 2 (application/xml):
    // T = transformed, P = passed through as is, 415 = rejected.
    [Theory]
    [InlineData("application/json", null, "WHEN_NO_MATCH", "T")]
    [InlineData("application/json", null, "WHEN_NO_TEMPLATES", "T")]
    [InlineData("application/json", null, "NEVER", "T")]
    [InlineData("application/json", "application/json", "WHEN_NO_MATCH", "T")]
    [InlineData("application/json", "application/json", "WHEN_NO_TEMPLATES", "T")]
    [InlineData("application/json", "application/json", "NEVER", "T")]
    [InlineData("application/json", "application/xml", "WHEN_NO_MATCH", "P")]
    [InlineData("application/json", "application/xml", "WHEN_NO_TEMPLATES", "415")]
    [InlineData("application/json", "application/xml", "NEVER", "415")]
    [InlineData("application/xml", null, "WHEN_NO_MATCH", "P")]
    [InlineData("application/xml", null, "WHEN_NO_TEMPLATES", "415")]
    [InlineData("application/xml", null, "NEVER", "415")]
    [InlineData("application/xml", "application/json", "WHEN_NO_MATCH", "P")]
    [InlineData("application/xml", "application/json", "WHEN_NO_TEMPLATES", "415")]
    [InlineData("application/xml", "application/json", "NEVER", "415")]
    [InlineData("application/xml", "application/xml", "WHEN_NO_MATCH", "T")]
    [InlineData("application/xml", "application/xml", "WHEN_NO_TEMPLATES", "T")]
    [InlineData("application/xml", "application/xml", "NEVER", "T")]
    public void Map_PassthroughBehaviors_AsTheGuidesExamples(string templateType, string? contentType, string behavior, string expected)
    {
        var mapper = Mapper(new() { [templateType] = Transformed }, behavior);
        var request = Request("<a>original</a>", headers: contentType is null ? [] : [("Content-Type", contentType)]);

        var mapped = mapper.Map(request, out var failure);

        switch (expected)
        {
            case "T":
                Assert.Equal(Transformed, Text(mapped!.Body));
                break;
            case "P":
                Assert.Equal("<a>original</a>", Text(mapped!.Body));
                break;
            default:
                Assert.Null(mapped);
                Assert.Equal(RestIntegrationFailure.UnsupportedMediaType, failure);
                Assert.Equal(415, failure!.StatusCode);
                Assert.Equal("Unsupported Media Type", failure.Message);
                break;
        }
    }

    [Theory]
    [InlineData("WHEN_NO_MATCH", true)]
    [InlineData("WHEN_NO_TEMPLATES", true)]
    [InlineData("NEVER", false)]
    public void Map_NoTemplatesAtAll_PassesThroughUnlessNever(string behavior, bool passes)
    {
        var mapped = Mapper(null, behavior).Map(Request("body", headers: [("Content-Type", "text/plain")]), out var failure);

        Assert.Equal(passes, mapped is not null);
        Assert.Equal(passes ? null : RestIntegrationFailure.UnsupportedMediaType, failure);
    }

    [Fact]
    public void Map_ContentTypeWithCharset_SelectsByMediaType()
    {
        var mapped = Mapper(new() { ["application/json"] = Transformed }, "NEVER")
            .Map(Request("{}", headers: [("Content-Type", "application/json; charset=UTF-8")]), out _);

        Assert.Equal(Transformed, Text(mapped!.Body));
        Assert.Equal("application/json", mapped.ContentType);
    }

    [Fact]
    public void Map_GettingStartedTemplate_RendersTheDocumentedBody()
    {
        // getting-started-lambda-non-proxy-integration: POST /Seattle?time=morning, day: Wednesday, {"callerName": "John"}.
        const string Template = """
            #set($inputRoot = $input.path('$'))
            {
              "city": "$input.params('city')",
              "time": "$input.params('time')",
              "day":  "$input.params('day')",
              "name": "$inputRoot.callerName"
            }
            """;
        var request = Request("""{ "callerName": "John" }""", headers: [("day", "Wednesday")], query: [("time", "morning")],
            path: new Dictionary<string, string> { ["city"] = "Seattle" });

        var mapped = Mapper(new() { ["application/json"] = Template }).Map(request, out _);

        Assert.Equal("""
            {
              "city": "Seattle",
              "time": "morning",
              "day":  "Wednesday",
              "name": "John"
            }
            """, Text(mapped!.Body));
    }

    [Fact]
    public void Map_ContextAndStageVariables_AreInTheTemplate()
    {
        const string Template = "$context.requestId $context.resourcePath $context.stage $context.identity.sourceIp $context.authorizer.principalId $context.authorizer.claims.email $stageVariables.v $stageVariables['v']";
        var request = Request(stageVariables: new Dictionary<string, string> { ["v"] = "blue" });

        var mapped = Mapper(new() { ["application/json"] = Template }).Map(request, out _);

        Assert.Equal("c0475a28-8de8-11e7-8d3f-4183da788f0f /{city} prod 192.0.2.1 user-1 jane@example.com blue blue", Text(mapped!.Body));
    }

    [Fact]
    public void Map_RequestOverrides_GuideExample_OverrideMappedHeaders()
    {
        // apigateway-override-request-response-parameters, "Override an API's request parameters and headers": the
        // endpoint request headers become header3=header1Valheader2Val, header2=header2Val, header1=foo,
        // multivalueheader=foo,header1Valheader2Val.
        const string Template = """
            #set($header1Override = "foo")
            #set($header3Value = "$input.params('header1')$input.params('header2')")
            $input.json("$")
            #set($context.requestOverride.header.header3 = $header3Value)
            #set($context.requestOverride.header.header1 = $header1Override)
            #set($context.requestOverride.header.multivalueheader=[$header1Override, $header3Value])
            """;
        var mapper = Mapper(new() { ["application/json"] = Template }, parameters: new()
        {
            ["integration.request.header.header1"] = "method.request.header.header1",
            ["integration.request.header.header2"] = "method.request.header.header2",
        });

        var mapped = mapper.Map(Request("{}", headers: [("header1", "header1Val"), ("header2", "header2Val")]), out _);

        var headers = mapped!.Parameters.Headers;
        Assert.Equal("foo", Header(headers, "header1"));
        Assert.Equal("header2Val", Header(headers, "header2"));
        Assert.Equal("header1Valheader2Val", Header(headers, "header3"));
        Assert.Equal(["foo", "header1Valheader2Val"], headers.Where(h => h.Key == "multivalueheader").Select(h => h.Value));
    }

    [Fact]
    public void Map_QueryStringAndPathOverrides_ReplaceMappedValues()
    {
        const string Template = """
            #set($context.requestOverride.querystring.q = "over")
            #set($context.requestOverride.path.id = "77")
            """;
        var mapper = Mapper(new() { ["application/json"] = Template }, parameters: new()
        {
            ["integration.request.querystring.q"] = "'mapped'",
            ["integration.request.path.id"] = "'1'",
        });

        var mapped = mapper.Map(Request(), out _);

        Assert.Equal([new("q", "over")], mapped!.Parameters.QueryString);
        Assert.Equal("77", mapped.Parameters.Path["id"]);
    }

    [Fact]
    public void Map_TemplateSetsResponseOverride_CarriesItToTheResponse()
    {
        var mapped = Mapper(new() { ["application/json"] = "#set($context.responseOverride.status = 444)#set($context.responseOverride.header.foo = 'bar')" })
            .Map(Request(), out _);

        Assert.Equal(444, mapped!.ResponseOverride!.Status);
        Assert.Equal([new("foo", "bar")], mapped.ResponseOverride.Headers);
    }

    [Fact]
    public void Map_TemplateThatFailsToRender_IsAConfigurationError()
    {
        var mapped = Mapper(new() { ["application/json"] = "$input.path('$.a')" }).Map(Request("not json {"), out var failure);

        Assert.Null(mapped);
        Assert.Equal(RestIntegrationFailure.ConfigurationError, failure);
        Assert.Equal(500, failure!.StatusCode);
        Assert.Equal("Internal server error", failure.Message);
    }

    [Fact]
    public void Map_TemplateThatDoesNotParse_IsAConfigurationError()
    {
        var mapped = Mapper(new() { ["application/json"] = "#if($a" }).Map(Request(), out var failure);

        Assert.Null(mapped);
        Assert.Equal(RestIntegrationFailure.ConfigurationError, failure);
    }

    [Fact]
    public void Map_BodyMappingOverInvalidJson_IsInvalidRequestBody()
    {
        var mapped = Mapper(null, parameters: new() { ["integration.request.header.x"] = "method.request.body.a" }).Map(Request("{oops"), out var failure);

        Assert.Null(mapped);
        Assert.Equal(400, failure!.StatusCode);
    }

    [Fact]
    public void Map_BinaryBodyConvertToText_TemplateReadsBase64()
    {
        // api-gateway-payload-encodings-workflow: a binary payload converted to text is base64 in $input.body.
        byte[] png = [0x89, 0x50, 0x4E, 0x47];
        var mapper = Mapper(new() { ["image/png"] = """{"data": "$input.body"}""" }, contentHandling: "CONVERT_TO_TEXT", binaryTypes: ["image/png"]);
        var request = Request(headers: [("Content-Type", "image/png")]) with { Body = png };

        var mapped = mapper.Map(request, out _);

        Assert.Equal($$"""{"data": "{{Convert.ToBase64String(png)}}"}""", Text(mapped!.Body));
    }

    [Fact]
    public void Map_TextBodyConvertToBinary_PassesDecodedBytes()
    {
        var mapper = Mapper(null, contentHandling: "CONVERT_TO_BINARY");
        var request = Request(Convert.ToBase64String(Encoding.UTF8.GetBytes("raw bytes")), headers: [("Content-Type", "text/plain")]);

        var mapped = mapper.Map(request, out _);

        Assert.Equal("raw bytes", Text(mapped!.Body));
        Assert.Equal("text/plain", mapped.ContentType);
    }

    [Fact]
    public void Map_ConvertToBinaryOfTextThatIsNotBase64_IsAConfigurationError()
    {
        var mapped = Mapper(null, contentHandling: "CONVERT_TO_BINARY").Map(Request("not base64 !!"), out var failure);

        Assert.Null(mapped);
        Assert.Equal(RestIntegrationFailure.ConfigurationError, failure);
    }
}
