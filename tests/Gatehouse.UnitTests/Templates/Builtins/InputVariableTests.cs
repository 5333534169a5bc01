using Gatehouse.Templates;

namespace Gatehouse.UnitTests.Templates.Builtins;

/// <summary><c>$input</c>: body, json, path and params as the mapping template reference describes them.</summary>
public sealed class InputVariableTests
{
    private const string Pets = """{"pets":[{"id":1,"type":"dog","price":249.99},{"id":2,"type":"cat","price":124.99},{"id":3,"type":"fish","price":0.99}],"name":"store","tags":[],"nested":{"a":[{"b":"c"}]},"unicode":"café ✓","quote":"say \"hi\"","nothing":null,"separators":"\u2028\u0085\u007F"}""";

    [Fact]
    public void Body_IsTheRawPayload() =>
        Assert.Equal("not json { at all", Vtl.Render("$input.body", "not json { at all"));

    [Theory]
    [InlineData("$input.json('$')", Pets)]
    [InlineData("$input.json('$.name')", "\"store\"")]
    [InlineData("$input.json('$.pets[0]')", """{"id":1,"type":"dog","price":249.99}""")]
    [InlineData("$input.json('$.pets[*].type')", """["dog","cat","fish"]""")]
    [InlineData("$input.json('$.tags')", "[]")]
    [InlineData("$input.json('$.quote')", "\"say \\\"hi\\\"\"")]
    [InlineData("$input.json('$.unicode')", "\"café ✓\"")]
    [InlineData("$input.json('$.separators')", "\"\\u2028\\u0085\\u007F\"")] // json-smart escapes U+007F-U+009F and U+2000-U+20FF
    [InlineData("$input.json('$.missing')", "\"\"")]
    [InlineData("$input.json('$.pets[0].none')|$input.json('$.nothing')", "\"\"|null")]
    [InlineData("$input.json(\"$.pets[-1].price\")", "0.99")]
    public void Json_GivesJsonTextOfTheMatch(string template, string expected) =>
        Assert.Equal(expected, Vtl.Render(template, Pets));

    [Theory]
    [InlineData("$input.path('$.pets').size()", "3")]
    [InlineData("$input.path('$.pets').count()", "3")] // as the reference's $input.path example says
    [InlineData("$input.path('$.pets').get(1).type", "cat")]
    [InlineData("$input.path('$.pets')[2].price", "0.99")]
    [InlineData("$input.path('$.pets[0].id')", "1")]
    [InlineData("$input.path('$.name').length()", "5")]
    [InlineData("#foreach($pet in $input.path('$.pets'))$pet.type #end", "dog cat fish ")]
    [InlineData("#foreach($pet in $input.path('$.tags'))never#end", "")]
    [InlineData("#foreach($t in $input.path('$.pets[?(@.price < 200)].type'))$t #end", "cat fish ")]
    [InlineData("$input.path('$.missing')|$input.path('$.missing').nested|$input.path('$.pets[9]')", "||")]
    [InlineData("#if($input.path('$.missing') == '')empty#end #if(!$input.path('$.missing'))falsy#end", "empty falsy")]
    public void Path_GivesValuesTemplatesCanNavigate(string template, string expected) =>
        Assert.Equal(expected, Vtl.Render(template, Pets));

    [Theory]
    // Recorded on AWS: a map prints Java-style, a list (and a list inside a map) prints as JSON.
    [InlineData("""{"foo":"bar"}""", "$input.path('$')", "{foo=bar}")]
    [InlineData("""[{"foo":"bar"}]""", "$input.path('$')", """[{"foo":"bar"}]""")]
    [InlineData("""{"foo":[{"nested":"bar"}]}""", "$input.path('$')", """{foo=[{"nested":"bar"}]}""")]
    [InlineData("""{"bigger":"dict","to":"test","with":"separators"}""", "$input.path('$')", "{bigger=dict, to=test, with=separators}")]
    [InlineData("""{"n":1.50,"i":10,"t":true,"z":null}""", "$input.path('$')", "{n=1.5, i=10, t=true, z=null}")]
    public void Path_PrintsObjectsAsApiGatewayDoes(string body, string template, string expected) =>
        Assert.Equal(expected, Vtl.Render(template, body));

    [Fact]
    public void Path_OnAnEmptyBody_ReadsAnEmptyObject() =>
        Assert.Equal("{}|0", Vtl.Render("$input.json('$')|$input.path('$').size()", ""));

    [Fact]
    public void Path_OnABodyThatIsNotJson_FailsTheRender()
    {
        var error = Vtl.Fail("$input.path('$.a')", new TemplateContext { Body = "a=1&b=2" });

        Assert.Equal(RenderErrorKind.InvalidJsonBody, error.Kind);
        Assert.Equal(500, error.StatusCode);
    }

    [Theory]
    [InlineData("{\"a\":1} trailing")]
    [InlineData("{\"a\":\"\\ud800\"}")]
    [InlineData("{\"a\":1,}")]
    public void Path_OnAlmostJson_FailsTheRender(string body) =>
        Assert.Equal(RenderErrorKind.InvalidJsonBody, Vtl.Fail("$input.path('$.a')", new TemplateContext { Body = body }).Kind);

    [Fact]
    public void Path_BodyWithAByteOrderMark_IsRead() =>
        Assert.Equal("1", Vtl.Render("$input.path('$.a')", "\uFEFF{\"a\":1}"));

    [Fact]
    public void Path_RepeatedKey_KeepsTheLastValue() =>
        Assert.Equal("2", Vtl.Render("$input.path('$.a')", """{"a":1,"a":2}"""));

    [Fact]
    public void Path_WithAnInvalidExpression_FailsTheRender() =>
        Assert.Equal(RenderErrorKind.EvaluationError, Vtl.Fail("$input.path('pets')", new TemplateContext { Body = "{}" }).Kind);

    [Fact]
    public void Params_SearchesPathThenQueryStringThenHeader()
    {
        var context = new TemplateContext
        {
            PathParameters = [new("id", "from-path")],
            QueryStringParameters = [new("id", "from-query"), new("q", "query")],
            Headers = [new("id", "from-header"), new("q", "header"), new("X-Trace", "trace")],
        };

        Assert.Equal("from-path|query|trace|trace|", Vtl.Render("$input.params('id')|$input.params('q')|$input.params('X-Trace')|$input.params('x-trace')|$input.params('none')", context));
    }

    [Fact]
    public void Params_WithoutName_MapsPathQueryStringAndHeader()
    {
        var context = new TemplateContext
        {
            PathParameters = [new("id", "7")],
            QueryStringParameters = [new("q", "a b")],
            Headers = [new("Accept", "*/*")],
        };

        Assert.Equal("{path={id=7}, querystring={q=a b}, header={Accept=*/*}}|7|*/*|*/*",
            Vtl.Render("$input.params()|$input.params().path.id|$input.params().header.get('Accept')|$input.params().get('header').accept", context));
    }
}
