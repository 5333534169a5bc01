using System.Text;
using System.Text.Json.Nodes;
using Gatehouse.ControlPlane.ApiGateway.OpenApi;

namespace Gatehouse.UnitTests.ControlPlane.ApiGateway.OpenApi;

/// <summary>Definitions arrive as JSON or YAML; exports leave as JSON or YAML that reads back the same.</summary>
public sealed class RestApiOpenApiDefinitionTextTests
{
    private static JsonObject? Read(string text) => DefinitionText.Read(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void Read_Yaml_TypedAsYamlCoreSchema()
    {
        var definition = Read("""
            swagger: "2.0"
            info:
              title: t
              version: 1.0
            paths:
              /a:
                get:
                  responses:
                    200:
                      description: ok
            x-text: |
              line one
              line two
            x-flag: true
            x-none: ~
            x-quoted: '200'
            """)!;

        Assert.Equal("2.0", (string?)definition["swagger"]);
        Assert.Equal("1.0", definition["info"]!["version"]!.ToJsonString());
        Assert.NotNull(definition["paths"]!["/a"]!["get"]!["responses"]!["200"]);
        Assert.True((bool)definition["x-flag"]!);
        Assert.Null(definition["x-none"]);
        Assert.Equal("200", (string?)definition["x-quoted"]);
        Assert.Equal("line one\nline two\n", (string?)definition["x-text"]);
    }

    [Theory]
    [InlineData("{\"swagger\": \"2.0\",")]
    [InlineData("swagger: [unclosed")]
    [InlineData("- a list\n- not a mapping")]
    [InlineData("just text")]
    [InlineData("")]
    public void Read_NotAJsonOrYamlMapping_Null(string text) => Assert.Null(Read(text));

    [Fact]
    public void Read_AliasBomb_RefusedNotExpanded()
    {
        var lines = new List<string> { "a0: &a0 [x, x, x, x, x, x, x, x, x, x]" };
        for (var i = 1; i < 10; i++)
        {
            lines.Add($"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]");
        }

        Assert.Null(Read(string.Join('\n', lines)));
    }

    [Fact]
    public void Read_Utf8Bom_Ignored() =>
        Assert.NotNull(DefinitionText.Read([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("{\"openapi\": \"3.0.1\"}")]));

    [Fact]
    public void WriteYaml_ReadBack_SameTree()
    {
        var tree = JsonNode.Parse("""
            {"openapi": "3.0.1", "info": {"title": "t: with colon", "version": "1.0"},
             "paths": {"/": {"get": {"responses": {"200": {"description": "200 response", "content": {}}},
               "x-amazon-apigateway-integration": {"type": "mock", "timeoutInMillis": 1000, "cacheKeyParameters": [],
                 "requestTemplates": {"application/json": "{\"statusCode\": 200}\n#set($a = 'b')"},
                 "responses": {"default": {"statusCode": "200"}}}}}},
             "x-empty": "", "x-true-text": "true", "x-number-text": "10", "x-null": null, "x-bool": false}
            """)!;

        var yaml = DefinitionText.WriteYaml(tree);
        var back = Read(yaml);

        Assert.Equal(OpenApiTestKit.Canonical(tree), OpenApiTestKit.Canonical(back));
        Assert.DoesNotContain("...", yaml, StringComparison.Ordinal);
    }
}
