using Gatehouse.Templates;

namespace Gatehouse.UnitTests.Templates.Json;

/// <summary>The JSONPath subset of <c>$input.json</c>/<c>$input.path</c> (Jayway's dialect, Goessner's examples).</summary>
public sealed class JsonPathTests
{
    private const string Store = """
        { "store": {
            "book": [
              { "category": "reference", "author": "Nigel Rees", "title": "Sayings of the Century", "price": 8.95 },
              { "category": "fiction", "author": "Evelyn Waugh", "title": "Sword of Honour", "price": 12.99 },
              { "category": "fiction", "author": "Herman Melville", "title": "Moby Dick", "isbn": "0-553-21311-3", "price": 8.99 },
              { "category": "fiction", "author": "J. R. R. Tolkien", "title": "The Lord of the Rings", "isbn": "0-395-19395-8", "price": 22.99 }
            ],
            "bicycle": { "color": "red", "price": 19.95 },
            "odd key": { "a.b": 1 }
          }
        }
        """;

    [Theory]
    [InlineData("$.store.bicycle.color", "\"red\"")]
    [InlineData("$['store']['bicycle']['color']", "\"red\"")]
    [InlineData("$.store['odd key']['a.b']", "1")]
    [InlineData("$.store.book[0].author", "\"Nigel Rees\"")]
    [InlineData("$.store.book[-1].title", "\"The Lord of the Rings\"")]
    [InlineData("$.store.book[*].author", """["Nigel Rees","Evelyn Waugh","Herman Melville","J. R. R. Tolkien"]""")]
    [InlineData("$..author", """["Nigel Rees","Evelyn Waugh","Herman Melville","J. R. R. Tolkien"]""")]
    [InlineData("$.store..price", "[8.95,12.99,8.99,22.99,19.95]")]
    [InlineData("$..book[2].title", """["Moby Dick"]""")]
    [InlineData("$..book[0,1].price", "[8.95,12.99]")]
    [InlineData("$..book[:2].price", "[8.95,12.99]")]
    [InlineData("$..book[-2:].price", "[8.99,22.99]")]
    [InlineData("$..book[1:3].price", "[12.99,8.99]")]
    [InlineData("$..book[?(@.isbn)].title", """["Moby Dick","The Lord of the Rings"]""")]
    [InlineData("$..book[?(@.price < 10)].title", """["Sayings of the Century","Moby Dick"]""")]
    [InlineData("$..book[?(@.price >= 10 && @.category == 'fiction')].price", "[12.99,22.99]")]
    [InlineData("$..book[?(@.author == 'Nigel Rees' || @.price > 20)].price", "[8.95,22.99]")]
    [InlineData("$..book[?(@.author =~ /.*melville/i)].price", "[8.99]")]
    [InlineData("$..book[?(!@.isbn)].price", "[8.95,12.99]")]
    [InlineData("$.store.*.color", """["red"]""")]
    [InlineData("$.store.book[9]", "\"\"")]
    [InlineData("$.store.none[*]", "[]")]
    [InlineData("$['store']['bicycle', 'none']", """[{"color":"red","price":19.95}]""")]
    public void Evaluate_GoessnerExamples_AsJayway(string path, string expected) =>
        Assert.Equal(expected, Vtl.Render($"$input.json(\"{path}\")", Store));

    [Theory]
    [InlineData("store")]
    [InlineData("$.")]
    [InlineData("$[")]
    [InlineData("$[?(@.a <)]")]
    [InlineData("$['unterminated]")]
    [InlineData("$[?(@.a =~ /(/)]")]
    public void Evaluate_InvalidPath_FailsTheRender(string path) =>
        Assert.Equal(RenderErrorKind.EvaluationError, Vtl.Fail($"$input.json(\"{path}\")", new TemplateContext { Body = Store }).Kind);
}
