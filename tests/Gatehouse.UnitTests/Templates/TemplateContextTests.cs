using Gatehouse.Templates;

namespace Gatehouse.UnitTests.Templates;

/// <summary>What the caller gives a render ($context, $stageVariables) and reads back (the overrides).</summary>
public sealed class TemplateContextTests
{
    [Fact]
    public void Context_NestedMapsReachTheTemplate()
    {
        var context = new TemplateContext();
        context.Context.GetOrAddMap("authorizer").GetOrAddMap("claims")["sub"] = "user-1";
        context.Context.GetOrAddMap("authorizer")["numKey"] = "1";
        context.Context.GetOrAddMap("identity")["sourceIp"] = "198.51.100.1";

        Assert.Equal("user-1|1|198.51.100.1|", Vtl.Render(
            "$context.authorizer.claims.sub|$context.authorizer.numKey|$context.identity.sourceIp|$context.identity.apiKey", context));
    }

    [Fact]
    public void RequestOverride_ReadsHeadersQueryStringAndPath()
    {
        var context = new TemplateContext();

        Vtl.Render("""
            #set($context.requestOverride.header.X-Custom = "a")
            #set($context.requestOverride.querystring.page = 2)
            #set($context.requestOverride.path.id = "42")
            """, context);

        var requestOverride = context.ReadRequestOverride();
        Assert.Equal([new("X-Custom", "a")], requestOverride.Headers);
        Assert.Equal([new("page", "2")], requestOverride.QueryString);
        Assert.Equal([new("id", "42")], requestOverride.Path);
    }

    [Theory]
    [InlineData("#set($context.responseOverride.status = 201)", 201)]
    [InlineData("#set($context.responseOverride.status = '404')", 404)]
    [InlineData("#set($context.responseOverride.status = 'teapot')", null)]
    [InlineData("#set($context.responseOverride.status = 99)", null)]
    [InlineData("", null)]
    public void ResponseOverride_Status_IsReadAsAStatusCode(string template, int? expected)
    {
        var context = new TemplateContext();

        Vtl.Render(template, context);

        Assert.Equal(expected, context.ReadResponseOverride().Status);
    }

    [Fact]
    public void ResponseOverride_Headers_AreReadBack()
    {
        var context = new TemplateContext();

        Vtl.Render("#set($context.responseOverride.header.Cache-Control = 'no-store')", context);

        Assert.Equal([new("Cache-Control", "no-store")], context.ReadResponseOverride().Headers);
    }

    [Fact]
    public void Overrides_StartEmptyInAFreshContext()
    {
        var context = new TemplateContext();

        Vtl.Render("no override", context);

        Assert.Null(context.ReadResponseOverride().Status);
        Assert.Empty(context.ReadRequestOverride().Path);
    }

    [Fact]
    public void Overrides_SetByTheRequestTemplate_AreReadByTheResponseTemplateOfTheSameContext()
    {
        // AWS renders "path was one": a response template sees the $context.requestOverride its request template set.
        var context = new TemplateContext();
        Vtl.Render("#set($context.requestOverride.path.p = \"one\")#set($context.responseOverride.status = 444)", context);

        var response = Vtl.Render("path was $context.requestOverride.path.p", context);

        Assert.Equal("path was one", response);
        Assert.Equal(444, context.ReadResponseOverride().Status);
    }

    [Fact]
    public void StageVariables_ByPropertyIndexAndFormalReference()
    {
        var context = new TemplateContext { StageVariables = TemplateMap.From([new("url", "example.com")]) };

        Assert.Equal("example.com example.com example.com", Vtl.Render("$stageVariables.url $stageVariables['url'] ${stageVariables['url']}", context));
    }
}
