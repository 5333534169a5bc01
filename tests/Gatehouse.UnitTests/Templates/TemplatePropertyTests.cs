using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Gatehouse.Templates;

namespace Gatehouse.UnitTests.Templates;

/// <summary>
/// Property tests: random templates and random inputs never make the engine throw, hang or pass its limits; the
/// escaping and encoding functions round-trip.
/// </summary>
public sealed class TemplatePropertyTests
{
    // Pieces of VTL, whole and broken, that random templates are made of.
    private static readonly string[] Fragments =
    [
        "#if(", "#elseif(", "#else", "#end", "#{end}", "#foreach(", "$x in ", "$l", "#set(", "$x = ", "#break", "#stop",
        "#define(", "#macro(", "m $a", "#m(", "##", "#*", "*#", "#[[", "]]#", "\\", "\\\\", "$", "$!", "${", "}", "(", ")",
        "[", "]", "{", "'", "\"", ".", ",", ":", "..", "=", "==", "!=", "<", ">", "&&", "||", "!", "+", "-", "*", "/", "%",
        " ", "\n", "\r\n", "\t", "x", "y", "1", "0", "-1", "2.5", "true", "false", "and", "not", "in", "$x", "$y", "$x.size()",
        "$x.get(0)", "$x[0]", "$x.a", "$input.path('$')", "$input.json('$.a')", "$input.path('$.b[*]')", "$input.body",
        "$input.params('a')", "$input.params()", "$util.escapeJavaScript(", "$util.parseJson(", "$util.toJson(",
        "$util.urlDecode(", "$util.base64Decode(", "$context.requestOverride.header.h", "$foreach.index", "$foreach.hasNext",
        "[1..5]", "[1..1000000]", "{'a': 1}", "'s'", "\"s$x\"", ".replaceAll('a', 'b')", ".split(',')", ".substring(1)",
        "$x.add($x)", "$x.put('k', $x)", "\"$x$x\"", "é", "✓", "😀",
    ];

    private static readonly TemplateLimits SmallLimits = TemplateLimits.Default with
    {
        MaxOutputLength = 4096,
        MaxSteps = 20_000,
        MaxCollectionSize = 1000,
        MaxLoopIterations = 50,
        MaxCallDepth = 8,
    };

    private static readonly Gen<string> RandomTemplate = Gen.OneOf(Fragments).Array[0, 40].Select(string.Concat);

    private static readonly Gen<string> RandomText = Gen.String[Gen.Char["ab$#(){}[].'\"\\!=-*\n é😀"], 0, 60];

    [Fact]
    public void ParseAndRender_RandomTemplates_NeverThrowNorPassTheLimits()
    {
        var rendered = 0;
        Gen.Select(RandomTemplate, JsonText(3)).Sample((source, body) =>
        {
            var parsed = Template.Parse(source, SmallLimits);
            Assert.Equal(parsed.Succeeded, parsed.Errors.Count == 0);
            if (!parsed.Succeeded)
            {
                Assert.All(parsed.Errors, e => Assert.True(e.Line >= 1 && e.Column >= 1));
                return;
            }

            var watch = Stopwatch.StartNew();
            var result = parsed.Template!.Render(new TemplateContext { Body = body, QueryStringParameters = [new("a", "1")] });
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"render took {watch.Elapsed}");
            Assert.Equal(result.Succeeded, result.Output is not null);
            if (result.Succeeded)
            {
                Assert.True(result.Output!.Length <= SmallLimits.MaxOutputLength);
                Interlocked.Increment(ref rendered);
            }
        }, iter: 5000);

        // The random templates must reach the renderer, not only the parser's error paths.
        Assert.True(rendered > 500, $"only {rendered} of 5000 random templates rendered");
    }

    [Fact]
    public void Parse_RandomText_NeverThrows() =>
        RandomText.Sample(source =>
        {
            var parsed = Template.Parse(source);
            if (parsed.Succeeded)
            {
                _ = parsed.Template!.Render(new TemplateContext());
            }
        }, iter: 5000);

    [Fact]
    public void Render_DocumentationTemplatesOnRandomJson_NeverThrow()
    {
        var templates = new[]
        {
            TemplateDocumentationTests.PhotosInputTemplate, TemplateDocumentationTests.PhotosOutputTemplate,
            TemplateDocumentationTests.NewsOutputTemplate, TemplateDocumentationTests.InvoiceOutputTemplate,
            TemplateDocumentationTests.GroceryTemplate,
        }.Select(t => Vtl.Parse(t)).ToArray();

        JsonText(4).Sample(body =>
        {
            foreach (var template in templates)
            {
                var result = template.Render(new TemplateContext { Body = body });
                Assert.True(result.Succeeded || result.Error!.Kind == RenderErrorKind.LoopLimitExceeded, result.Error?.ToString());
            }
        }, iter: 1000);
    }

    [Fact]
    public void InputJson_OfTheWholeBody_IsTheSameJson()
    {
        var template = Vtl.Parse("$input.json('$')");

        JsonText(4).Sample(body =>
        {
            var output = template.Render(new TemplateContext { Body = body }).Output!;
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(body), JsonNode.Parse(output)), $"{body}\n{output}");
        }, iter: 1000);
    }

    [Fact]
    public void EscapeJavaScript_OfAnyString_IsAsciiAndReadsBackAsJson()
    {
        var template = Vtl.Parse("$util.escapeJavaScript($stageVariables.v)");

        Gen.String.Sample(value =>
        {
            var context = new TemplateContext();
            context.StageVariables["v"] = value;
            var escaped = template.Render(context).Output!;
            Assert.All(escaped, c => Assert.InRange(c, ' ', '\u007f')); // commons-lang leaves DEL as it is
            // As the guide advises: restore \' before reading the result as JSON.
            Assert.Equal(value, JsonSerializer.Deserialize<string>("\"" + escaped.Replace("\\'", "'", StringComparison.Ordinal) + "\""));
        }, iter: 2000);
    }

    [Fact]
    public void UrlAndBase64Encodings_RoundTrip()
    {
        var template = Vtl.Parse("$util.urlDecode($util.urlEncode($stageVariables.v))|$util.base64Decode($util.base64Encode($stageVariables.v))");

        Gen.String[Gen.Char["abc %+&=/é✓\n"], 0, 30].Sample(value =>
        {
            var context = new TemplateContext();
            context.StageVariables["v"] = value;
            Assert.Equal(value + "|" + value, template.Render(context).Output);
        }, iter: 1000);
    }

    /// <summary>Random JSON documents (scalars, arrays and objects nested up to <paramref name="depth"/>).</summary>
    private static Gen<string> JsonText(int depth)
    {
        var scalar = Gen.OneOf(
            Gen.Int.Select(i => i.ToString(CultureInfo.InvariantCulture)),
            Gen.Double[-1e9, 1e9].Select(d => d.ToString("R", CultureInfo.InvariantCulture)),
            Gen.String[Gen.Char["ab \"\\/'é✓\n$#"], 0, 8].Select(s => JsonSerializer.Serialize(s)),
            Gen.OneOf("true", "false", "null"));
        if (depth == 0)
        {
            return scalar;
        }

        var inner = JsonText(depth - 1);
        var array = inner.Array[0, 4].Select(items => "[" + string.Join(",", items) + "]");
        var member = Gen.Select(Gen.OneOf("a", "b", "id", "photos", "photo", "items", "Line", "bins", "x y"), inner);
        var obj = member.Array[0, 5].Select(members =>
            "{" + string.Join(",", members.DistinctBy(m => m.Item1).Select(m => JsonSerializer.Serialize(m.Item1) + ":" + m.Item2)) + "}");
        return Gen.Frequency((2, scalar), (1, array), (2, obj));
    }
}
