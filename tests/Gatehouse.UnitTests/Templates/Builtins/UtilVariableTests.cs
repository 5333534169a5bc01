using Gatehouse.Templates;

namespace Gatehouse.UnitTests.Templates.Builtins;

/// <summary><c>$util</c> as the mapping template reference describes it (Java's functions behind it).</summary>
public sealed class UtilVariableTests
{
    private static string Util(string call, string value)
    {
        var context = new TemplateContext();
        context.StageVariables["v"] = value;
        return Vtl.Render($"$util.{call}($stageVariables.v)", context);
    }

    [Theory]
    [InlineData("plain text 123", "plain text 123")]
    [InlineData("it's", "it\\'s")]
    [InlineData("say \"hi\"", "say \\\"hi\\\"")]
    [InlineData("back\\slash and /slash", "back\\\\slash and \\/slash")]
    [InlineData("tab\tnew\nline\rret\bbs\fff", "tab\\tnew\\nline\\rret\\bbs\\fff")]
    [InlineData("\u0001\u001f", "\\u0001\\u001F")]
    [InlineData("café", "caf\\u00E9")]
    [InlineData("✓ 😀", "\\u2713 \\uD83D\\uDE00")]
    [InlineData("<script>&", "<script>&")]
    [InlineData("\u007f\u0080", "\u007f\\u0080")] // DEL stays; past it, \\u00XX
    public void EscapeJavaScript_EscapesAsCommonsLang(string input, string expected) =>
        Assert.Equal(expected, Util("escapeJavaScript", input));

    [Theory]
    [InlineData("a b&c=d/é", "a+b%26c%3Dd%2F%C3%A9")]
    [InlineData("safe-._*~", "safe-._*%7E")]
    public void UrlEncode_IsFormEncoding(string input, string expected) =>
        Assert.Equal(expected, Util("urlEncode", input));

    [Theory]
    [InlineData("a+b%26c%3Dd%2F%C3%A9", "a b&c=d/é")]
    [InlineData("plain", "plain")]
    public void UrlDecode_ReversesFormEncoding(string input, string expected) =>
        Assert.Equal(expected, Util("urlDecode", input));

    [Fact]
    public void UrlDecode_MalformedEscape_FailsTheRender() =>
        Assert.Equal(RenderErrorKind.EvaluationError, Vtl.Fail("$util.urlDecode('%G1')").Kind);

    [Theory]
    [InlineData("Hello, World", "SGVsbG8sIFdvcmxk")]
    [InlineData("é", "w6k=")]
    [InlineData("", "")]
    public void Base64_EncodesUtf8AndDecodesBack(string input, string encoded)
    {
        Assert.Equal(encoded, Util("base64Encode", input));
        Assert.Equal(input, Util("base64Decode", encoded));
    }

    [Fact]
    public void Base64Decode_NotBase64_FailsTheRender() =>
        Assert.Equal(RenderErrorKind.EvaluationError, Vtl.Fail("$util.base64Decode('***')").Kind);

    [Fact]
    public void ParseJson_GivesNavigableValues() =>
        Assert.Equal("1|[1,2,3]|{k=v}|3",
            Vtl.Render("""#set($o = $util.parseJson('{"a":{"arr":[1,2,3]},"m":{"k":"v"}}'))$o.a.arr[0]|$o.a.arr|$o.m|$o.a.arr.size()"""));

    [Fact]
    public void ParseJson_NotJson_FailsTheRender() =>
        Assert.Equal(RenderErrorKind.EvaluationError, Vtl.Fail("#set($o = $util.parseJson('{oops'))").Kind);

    [Theory]
    [InlineData("#set($m = {'a': [1, 'two', true], 'b': {}, 'c': 1.5})$util.toJson($m)", """{"a":[1,"two",true],"b":{},"c":1.5}""")]
    [InlineData("$util.toJson('say \"hi\"')", "\"say \\\"hi\\\"\"")]
    [InlineData("$util.toJson($nothing)", "null")]
    public void ToJson_WritesCompactJson(string template, string expected) =>
        Assert.Equal(expected, Vtl.Render(template));

    [Fact]
    public void Functions_OfNull_GiveNull() =>
        Assert.Equal("[]", Vtl.Render("[$util.escapeJavaScript($nothing)$util.urlEncode($input.params('missing'))]"));
}
