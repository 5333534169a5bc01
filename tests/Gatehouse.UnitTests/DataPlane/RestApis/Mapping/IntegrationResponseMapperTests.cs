using System.Text;
using Gatehouse.DataPlane.RestApis.Mapping;
using Gatehouse.Model.RestApis;
using Gatehouse.Templates;
using static Gatehouse.UnitTests.DataPlane.RestApis.Mapping.MappingRequests;

namespace Gatehouse.UnitTests.DataPlane.RestApis.Mapping;

/// <summary>The integration response step: selection, response parameters, templates by Accept, overrides, content
/// handling.</summary>
public sealed class IntegrationResponseMapperTests
{
    private static RestMethodResponse? Map(IntegrationResponse[] responses, EndpointResponse endpoint, MethodRequestData? request = null,
        ResponseOverride? requestTemplateOverride = null, IReadOnlyList<string>? binaryTypes = null) =>
        Map(responses, endpoint, out _, request, requestTemplateOverride, binaryTypes);

    private static RestMethodResponse? Map(IntegrationResponse[] responses, EndpointResponse endpoint, out RestIntegrationFailure? failure,
        MethodRequestData? request = null, ResponseOverride? requestTemplateOverride = null, IReadOnlyList<string>? binaryTypes = null)
    {
        request ??= Request();
        var mapper = new IntegrationResponseMapper(IntegrationResponseSelector.Compile(Responses(responses)), new BinaryMediaTypes(binaryTypes));
        var integrationRequest = new IntegrationRequest
        {
            Parameters = new MappedRequestParameters(),
            Context = ContextVariables.ToTemplateMap(request.Context),
            ResponseOverride = requestTemplateOverride,
        };
        return mapper.Map(request, integrationRequest, endpoint, out failure);
    }

    private static EndpointResponse Backend(int status, string body = "", params (string, string)[] headers) => new()
    {
        StatusCode = status,
        Body = Encoding.UTF8.GetBytes(body),
        Headers = [.. headers.Select(h => new KeyValuePair<string, string>(h.Item1, h.Item2))],
        SelectionValue = status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [Fact]
    public void Map_NoTemplate_PassesTheBodyThroughWithTheSelectedStatus()
    {
        var response = Map([Response("200"), Response("400", @"4\d{2}")], Backend(404, """{"error":"nope"}""", ("Content-Type", "application/json")));

        Assert.Equal(400, response!.StatusCode);
        Assert.Equal("""{"error":"nope"}""", Text(response.Body));
        Assert.Equal("application/json", response.ContentType);
    }

    [Fact]
    public void Map_BackendHeaders_AreNotPassedUnlessMapped()
    {
        var response = Map([Response("200")], Backend(200, "x", ("X-Backend", "1"), ("Content-Type", "text/plain")));

        Assert.Empty(response!.Headers);
        Assert.Equal("text/plain", response.ContentType);
    }

    [Fact]
    public void Map_NoMatchAndNoDefault_IsAConfigurationError()
    {
        var response = Map([Response("400", @"4\d{2}")], Backend(200), out var failure);

        Assert.Null(response);
        Assert.Equal(RestIntegrationFailure.ConfigurationError, failure);
        Assert.Equal(500, failure!.StatusCode);
        Assert.Equal("Internal server error", failure.Message);
    }

    [Fact]
    public void Map_ResponseParameters_FromEverySource()
    {
        // request-response-data-mappings: location from integration.response.body.redirect.url, id from the x-app-id
        // header, items from the multi-value header item.
        var parameters = new Dictionary<string, string>
        {
            ["method.response.header.location"] = "integration.response.body.redirect.url",
            ["method.response.header.id"] = "integration.response.header.x-app-id",
            ["method.response.header.items"] = "integration.response.multivalueheader.item",
            ["method.response.header.raw"] = "integration.response.body",
            ["method.response.header.static"] = "'fixed'",
            ["method.response.header.request"] = "context.requestId",
            ["method.response.header.version"] = "stageVariables.version",
            ["method.response.header.absent"] = "integration.response.header.none",
        };
        const string Body = """{"redirect":{"url":"https://example.com/next"}}""";
        var request = Request(stageVariables: new Dictionary<string, string> { ["version"] = "v7" });

        var response = Map([Response("200", parameters: parameters)], Backend(200, Body, ("X-App-Id", "app-9"), ("item", "a"), ("Item", "b")), request);

        var headers = response!.Headers;
        Assert.Equal("https://example.com/next", Header(headers, "location"));
        Assert.Equal("app-9", Header(headers, "id"));
        Assert.Equal("a,b", Header(headers, "items"));
        Assert.Equal(Body, Header(headers, "raw"));
        Assert.Equal("fixed", Header(headers, "static"));
        Assert.Equal("c0475a28-8de8-11e7-8d3f-4183da788f0f", Header(headers, "request"));
        Assert.Equal("v7", Header(headers, "version"));
        Assert.Null(Header(headers, "absent"));
    }

    [Fact]
    public void Map_LambdaCustomErrorToHeaders_GuideExample()
    {
        // handle-errors-in-lambda-integration: the custom error's fields mapped to headers, with the documented values.
        var parameters = new Dictionary<string, string>
        {
            ["method.response.header.error_trace_function"] = "integration.response.body.errorMessage.trace.function",
            ["method.response.header.error_status"] = "integration.response.body.errorMessage.httpStatus",
            ["method.response.header.error_type"] = "integration.response.body.errorMessage.errorType",
            ["method.response.header.error_trace"] = "integration.response.body.errorMessage.trace",
        };
        const string ErrorDocument = """{"errorMessage":"{\"errorType\":\"InternalServerError\",\"httpStatus\":500,\"requestId\":\"e5849002-39a0-11e7-a419-5bb5807c9fb2\",\"trace\":{\"function\":\"abc()\",\"line\":123,\"file\":\"abc.js\"}}"}""";
        var endpoint = new EndpointResponse
        {
            StatusCode = 200,
            Body = Encoding.UTF8.GetBytes(ErrorDocument),
            SelectionValue = "{\"errorType\":\"InternalServerError\"...",
            IsLambdaError = true,
        };

        var response = Map([Response("200", parameters: parameters)], endpoint);

        Assert.Equal("500", Header(response!.Headers, "error_status"));
        Assert.Equal("""{"function":"abc()","line":123,"file":"abc.js"}""", Header(response.Headers, "error_trace"));
        Assert.Equal("abc()", Header(response.Headers, "error_trace_function"));
        Assert.Equal("InternalServerError", Header(response.Headers, "error_type"));
    }

    [Fact]
    public void Map_BodyPathOverInvalidJson_IsAConfigurationError()
    {
        var parameters = new Dictionary<string, string> { ["method.response.header.x"] = "integration.response.body.a" };

        var response = Map([Response("200", parameters: parameters)], Backend(200, "{broken"), out var failure);

        Assert.Null(response);
        Assert.Equal(500, failure!.StatusCode);
    }

    [Theory]
    [InlineData(null, "json")]
    [InlineData("application/json", "json")]
    [InlineData("application/xml", "xml")]
    [InlineData("application/xml, application/json", "xml")]
    [InlineData("text/html", "json")] // no match: the first template
    public void Map_ResponseTemplates_SelectedByAccept(string? accept, string expected)
    {
        var templates = new Dictionary<string, string> { ["application/json"] = "json", ["application/xml"] = "xml" };

        var response = Map([Response("200", templates: templates)], Backend(200, "{}"), Request(headers: accept is null ? [] : [("Accept", accept)]));

        Assert.Equal(expected, Text(response!.Body));
        Assert.Equal(expected == "xml" ? "application/xml" : "application/json", response.ContentType);
    }

    [Fact]
    public void Map_NoJsonTemplateAndNoAccept_UsesTheFirstTemplate()
    {
        // request-response-data-mappings: no application/json template, so the first (here application/xml) applies.
        var response = Map([Response("200", templates: new() { ["application/xml"] = "<a/>" })], Backend(200, "{}"));

        Assert.Equal("<a/>", Text(response!.Body));
        Assert.Equal("application/xml", response.ContentType);
    }

    [Fact]
    public void Map_EmptyJsonTemplate_PassesThePayloadThrough()
    {
        // request-response-data-mappings: "To return the response payload unmapped instead, you must set up an empty
        // template for application/json".
        var templates = new Dictionary<string, string> { ["application/xml"] = "<a/>", ["application/json"] = "" };

        var response = Map([Response("200", templates: templates)], Backend(200, """{"raw":true}""", ("Content-Type", "application/json")));

        Assert.Equal("""{"raw":true}""", Text(response!.Body));
    }

    [Fact]
    public void Map_TemplateReadsTheIntegrationResponseBody()
    {
        // handle-errors-in-lambda-integration's template over a custom error: $input.path('$.errorMessage').
        var templates = new Dictionary<string, string> { ["application/json"] = """{"name": "$input.path('$.pets[1].name')", "count": $input.path('$.pets').size(), "q": "$input.params('q')"}""" };
        var request = Request(query: [("q", "dogs")]);

        var response = Map([Response("200", templates: templates)], Backend(200, """{"pets":[{"name":"Rex"},{"name":"Tom"}]}"""), request);

        Assert.Equal("""{"name": "Tom", "count": 2, "q": "dogs"}""", Text(response!.Body));
    }

    [Fact]
    public void Map_ResponseOverride_GuideExample_SetsStatus400()
    {
        // apigateway-override-request-response-parameters: the body keeps the backend's JSON, the status becomes 400.
        const string Template = """
            #set($inputRoot = $input.path('$'))
            $input.json("$")
            #if($inputRoot.toString().contains("error"))
            #set($context.responseOverride.status = 400)
            #end
            """;
        const string Body = """{"errors":[{"key":"GetPetRequest.petId","message":"The value is out of range."}]}""";

        var response = Map([Response("200", templates: new() { ["application/json"] = Template })], Backend(200, Body));

        Assert.Equal(400, response!.StatusCode);
        Assert.Equal(Body, Text(response.Body).Trim());
    }

    [Fact]
    public void Map_ResponseOverrideHeaders_ReplaceMappedHeaders()
    {
        var parameters = new Dictionary<string, string> { ["method.response.header.X-Kind"] = "'mapped'" };
        const string Template = "#set($context.responseOverride.header.x-kind = 'overridden')#set($context.responseOverride.header.X-New = 'new')ok";

        var response = Map([Response("200", templates: new() { ["application/json"] = Template }, parameters: parameters)], Backend(200));

        Assert.Equal("overridden", Header(response!.Headers, "X-Kind"));
        Assert.Single(response.Headers, h => h.Key.Equals("x-kind", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("new", Header(response.Headers, "X-New"));
    }

    [Fact]
    public void Map_RequestTemplateResponseOverride_AppliesWithoutAResponseTemplate()
    {
        // Recorded on AWS (test_integration_mock_with_response_override_in_request_template[False]): status 444.
        var response = Map([Response("200")], Backend(200), requestTemplateOverride: new ResponseOverride(444, [new("foo", "bar")]));

        Assert.Equal(444, response!.StatusCode);
        Assert.Equal("bar", Header(response.Headers, "foo"));
    }

    [Fact]
    public void Map_ResponseTemplateOverride_WinsOverTheRequestTemplates()
    {
        var templates = new Dictionary<string, string> { ["application/json"] = "#set($context.responseOverride.status = 202)" };

        var response = Map([Response("200", templates: templates)], Backend(200), requestTemplateOverride: new ResponseOverride(444, []));

        Assert.Equal(202, response!.StatusCode);
    }

    [Theory]
    [InlineData("#set($context.responseOverride.status = 'abc')")]
    [InlineData("#set($context.responseOverride.status = 700)")]
    public void Map_StatusOverrideThatIsNotAStatus_IsIgnored(string template)
    {
        var response = Map([Response("201", templates: new() { ["application/json"] = template })], Backend(200));

        Assert.Equal(201, response!.StatusCode);
    }

    [Fact]
    public void Map_TemplateThatFailsToRender_IsAConfigurationError()
    {
        var templates = new Dictionary<string, string> { ["application/json"] = "$input.json('$.a')" };

        var response = Map([Response("200", templates: templates)], Backend(200, "<html>not json</html>"), out var failure);

        Assert.Null(response);
        Assert.Equal(RestIntegrationFailure.ConfigurationError, failure);
    }

    [Fact]
    public void Map_MappedContentType_IsTheResponsesContentType()
    {
        var parameters = new Dictionary<string, string> { ["method.response.header.Content-Type"] = "'text/csv'" };

        var response = Map([Response("200", templates: new() { ["application/json"] = "a,b" }, parameters: parameters)], Backend(200));

        Assert.Equal("text/csv", response!.ContentType);
        Assert.Empty(response.Headers);
    }

    [Fact]
    public void Map_ReservedResponseHeaders_AreRemappedAsAwsDoes()
    {
        // Recorded on AWS (test_apigateway_header_remapping_http[HTTP]): these come back as x-amzn-Remapped-{name};
        // Transfer-Encoding is dropped; others pass.
        var parameters = new Dictionary<string, string>
        {
            ["method.response.header.Authorization"] = "'a'",
            ["method.response.header.Server"] = "'s'",
            ["method.response.header.WWW-Authenticate"] = "'w'",
            ["method.response.header.Transfer-Encoding"] = "'chunked'",
            ["method.response.header.Pragma"] = "'p'",
        };

        var response = Map([Response("200", parameters: parameters)], Backend(200));

        Assert.Equal(
            [new("x-amzn-Remapped-Authorization", "a"), new("x-amzn-Remapped-Server", "s"), new("x-amzn-Remapped-WWW-Authenticate", "w"), new("Pragma", "p")],
            response!.Headers);
    }

    [Fact]
    public void Map_BinaryPayloadToTextAccept_IsBase64Encoded()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47];
        var endpoint = Backend(200, "", ("Content-Type", "image/png")) with { Body = png };

        var response = Map([Response("200")], endpoint, Request(headers: [("Accept", "application/json")]), binaryTypes: ["image/png"]);

        Assert.Equal(Convert.ToBase64String(png), Text(response!.Body));
    }

    [Fact]
    public void Map_TextPayloadConvertToBinary_IsBase64Decoded()
    {
        var endpoint = Backend(200, Convert.ToBase64String("binary!"u8.ToArray()), ("Content-Type", "text/plain"));

        var response = Map([Response("200", contentHandling: "CONVERT_TO_BINARY")], endpoint);

        Assert.Equal("binary!", Text(response!.Body));
    }

    [Fact]
    public void Map_ConvertToBinaryOfTextThatIsNotBase64_IsAConfigurationError()
    {
        var response = Map([Response("200", contentHandling: "CONVERT_TO_BINARY")], Backend(200, "%%% not base64"), out var failure);

        Assert.Null(response);
        Assert.Equal(RestIntegrationFailure.ConfigurationError, failure);
    }
}
