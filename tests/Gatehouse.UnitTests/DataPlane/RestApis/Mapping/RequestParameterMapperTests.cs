using Gatehouse.DataPlane.RestApis.Mapping;
using static Gatehouse.UnitTests.DataPlane.RestApis.Mapping.MappingRequests;

namespace Gatehouse.UnitTests.DataPlane.RestApis.Mapping;

/// <summary>
/// Given an integration with requestParameters, When a method request arrives, Then the integration request gets the
/// values request-response-data-mappings lists for each source.
/// </summary>
public sealed class RequestParameterMapperTests
{
    private static MappedRequestParameters Map(Dictionary<string, string> mappings, Gatehouse.DataPlane.RestApis.Mapping.MethodRequestData request)
    {
        var mapper = RequestParameterMapper.Compile(mappings);
        Assert.True(mapper.TryMap(request, ContextVariables.ToTemplateMap(request.Context), out var mapped));
        return mapped;
    }

    [Fact]
    public void TryMap_MethodRequestSources_MapToHeaderQueryAndPath()
    {
        var request = Request(
            headers: [("X-Day", "Monday"), ("x-day", "Wednesday"), ("Multi", "a"), ("multi", "b")],
            query: [("time", "noon"), ("time", "morning"), ("tag", "x"), ("tag", "y")],
            path: new Dictionary<string, string> { ["city"] = "Seattle" });

        var mapped = Map(new()
        {
            ["integration.request.header.day"] = "method.request.header.x-day",
            ["integration.request.header.all"] = "method.request.multivalueheader.Multi",
            ["integration.request.querystring.when"] = "method.request.querystring.time",
            ["integration.request.querystring.tags"] = "method.request.multivaluequerystring.tag",
            ["integration.request.path.town"] = "method.request.path.city",
        }, request);

        Assert.Equal([new("day", "Wednesday"), new("all", "a,b")], mapped.Headers);
        Assert.Equal([new("when", "morning"), new("tags", "x"), new("tags", "y")], mapped.QueryString);
        Assert.Equal("Seattle", mapped.Path["town"]);
    }

    [Fact]
    public void TryMap_QueryStringNames_AreCaseSensitive()
    {
        var mapped = Map(new() { ["integration.request.querystring.q"] = "method.request.querystring.Time" }, Request(query: [("time", "noon")]));

        Assert.Empty(mapped.QueryString);
    }

    [Fact]
    public void TryMap_StaticContextAndStageVariables_MapTheirValues()
    {
        var request = Request(stageVariables: new Dictionary<string, string> { ["version"] = "v2" });

        var mapped = Map(new()
        {
            ["integration.request.header.x-static"] = "'fixed value'",
            ["integration.request.header.x-request-id"] = "context.requestId",
            ["integration.request.header.x-source-ip"] = "context.identity.sourceIp",
            ["integration.request.header.x-principal"] = "context.authorizer.principalId",
            ["integration.request.header.x-count"] = "context.authorizer.count",
            ["integration.request.header.x-admin"] = "context.authorizer.admin",
            ["integration.request.header.x-email"] = "context.authorizer.claims.email",
            ["integration.request.querystring.version"] = "stageVariables.version",
        }, request);

        Assert.Equal("fixed value", Header(mapped.Headers, "x-static"));
        Assert.Equal("c0475a28-8de8-11e7-8d3f-4183da788f0f", Header(mapped.Headers, "x-request-id"));
        Assert.Equal("192.0.2.1", Header(mapped.Headers, "x-source-ip"));
        Assert.Equal("user-1", Header(mapped.Headers, "x-principal"));
        Assert.Equal("1", Header(mapped.Headers, "x-count"));
        Assert.Equal("true", Header(mapped.Headers, "x-admin"));
        Assert.Equal("jane@example.com", Header(mapped.Headers, "x-email"));
        Assert.Equal([new("version", "v2")], mapped.QueryString);
    }

    [Fact]
    public void TryMap_BodyAndBodyJsonPath_GuideExample_MapsBodyAndField()
    {
        // request-response-data-mappings: "method.request.body" and "method.request.body.petstore.pets[0].name".
        const string Body = """{"petstore":{"pets":[{"name":"Rex","age":3},{"name":"Tom"}]}}""";

        var mapped = Map(new()
        {
            ["integration.request.header.body-header"] = "method.request.body",
            ["integration.request.path.pet-name"] = "method.request.body.petstore.pets[0].name",
            ["integration.request.header.age"] = "method.request.body.petstore.pets[0].age",
            ["integration.request.header.pet"] = "method.request.body.petstore.pets[-1]",
        }, Request(Body));

        Assert.Equal(Body, Header(mapped.Headers, "body-header"));
        Assert.Equal("Rex", mapped.Path["pet-name"]);
        Assert.Equal("3", Header(mapped.Headers, "age"));
        Assert.Equal("""{"name":"Tom"}""", Header(mapped.Headers, "pet"));
    }

    [Fact]
    public void TryMap_BodyJsonPathOverInvalidJson_Fails()
    {
        var mapper = RequestParameterMapper.Compile(new Dictionary<string, string> { ["integration.request.header.x"] = "method.request.body.a" });
        var request = Request("""{"a": """);

        Assert.False(mapper.TryMap(request, ContextVariables.ToTemplateMap(request.Context), out _));
    }

    [Fact]
    public void TryMap_BodyJsonPathOverText_MapsNothing()
    {
        var mapped = Map(new() { ["integration.request.header.x"] = "method.request.body.a" }, Request("plain text"));

        Assert.Empty(mapped.Headers);
    }

    [Fact]
    public void TryMap_AbsentOrEmptyValues_MapNothing()
    {
        var mapped = Map(new()
        {
            ["integration.request.header.a"] = "method.request.header.missing",
            ["integration.request.header.b"] = "method.request.header.empty",
            ["integration.request.header.c"] = "''",
            ["integration.request.header.d"] = "stageVariables.missing",
            ["integration.request.header.e"] = "context.identity.caller",
            ["integration.request.header.f"] = "method.request.body",
        }, Request(headers: [("empty", "")]));

        Assert.Empty(mapped.Headers);
    }

    [Theory]
    [InlineData("integration.request.header.x", "method.request.cookie.a")]
    [InlineData("integration.request.body.x", "'a'")]
    [InlineData("integration.response.header.x", "'a'")]
    [InlineData("integration.request.header.x", "integration.response.header.a")]
    [InlineData("integration.request.header.x", "method.request.body.a[?(@.b)]")]
    public void Compile_ExpressionsAwsDoesNotAllow_AreIgnored(string target, string source)
    {
        var mapper = RequestParameterMapper.Compile(new Dictionary<string, string> { [target] = source });

        Assert.Equal(0, mapper.Count);
    }
}
