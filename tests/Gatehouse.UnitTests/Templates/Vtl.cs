using System.Text.Json.Nodes;
using Gatehouse.Templates;

namespace Gatehouse.UnitTests.Templates;

/// <summary>Test helpers: parse a template that must be valid, render it, compare JSON.</summary>
internal static class Vtl
{
    public static Template Parse(string source, TemplateLimits? limits = null)
    {
        var result = Template.Parse(source, limits);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        return result.Template!;
    }

    public static string Render(string source, TemplateContext? context = null, TemplateLimits? limits = null)
    {
        var result = Parse(source, limits).Render(context ?? new TemplateContext());
        Assert.True(result.Succeeded, result.Error?.ToString());
        return result.Output!;
    }

    public static string Render(string source, string body) => Render(source, new TemplateContext { Body = body });

    public static RenderError Fail(string source, TemplateContext? context = null, TemplateLimits? limits = null)
    {
        var result = Parse(source, limits).Render(context ?? new TemplateContext());
        Assert.False(result.Succeeded, "the render was expected to fail, it printed: " + result.Output);
        return result.Error!;
    }

    /// <summary>Asserts that <paramref name="actual"/> is JSON equal to <paramref name="expected"/> (same values,
    /// key order and whitespace aside).</summary>
    public static void JsonEqual(string expected, string actual)
    {
        var a = JsonNode.Parse(expected);
        JsonNode? b;
        try
        {
            b = JsonNode.Parse(actual);
        }
        catch (System.Text.Json.JsonException e)
        {
            Assert.Fail($"the output is not JSON ({e.Message}):\n{actual}");
            return;
        }

        Assert.True(JsonNode.DeepEquals(a, b), $"expected JSON\n{expected}\nbut got\n{actual}");
    }
}
