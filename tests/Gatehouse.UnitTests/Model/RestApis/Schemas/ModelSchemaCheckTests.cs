using Gatehouse.Model.RestApis;
using Gatehouse.Model.RestApis.Schemas;

namespace Gatehouse.UnitTests.Model.RestApis.Schemas;

public sealed class ModelSchemaCheckTests
{
    private const string ApiId = "a1b2c3d4e5";

    private static readonly RestModel Pet = new()
    {
        Id = "p",
        Name = "Pet",
        ContentType = "application/json",
        Schema = """{"type": "object", "properties": {"name": {"type": "string"}}}""",
    };

    private static IReadOnlyList<string> Check(string schema, params RestModel[] models) =>
        ModelSchemaCheck.Check(ApiId, "New", schema, models);

    [Theory]
    [InlineData("""{"title": "x", "type": "object"}""")]
    [InlineData("""{"$schema": "http://json-schema.org/draft-04/schema#", "title": "Empty Schema", "type": "object"}""")]
    [InlineData("""{"$schema": "http://json-schema.org/draft-04/schema#", "id": "http://jsonschema.net", "type": "object", "properties": {"url": {"id": "http://jsonschema.net/url", "type": "string"}}, "required": ["url"]}""")]
    [InlineData("""{"type": "object", "properties": {"status": {"oneOf": [{"type": "null"}, {"$ref": "https://apigateway.amazonaws.com/restapis/a1b2c3d4e5/models/Pet"}]}}}""")]
    [InlineData("""{"type": "array", "items": {"$ref": "#/definitions/Bin"}, "definitions": {"Bin": {"type": "object"}}}""")]
    [InlineData("""{"type": "object", "properties": {"self": {"$ref": "https://apigateway.amazonaws.com/restapis/a1b2c3d4e5/models/New"}}}""")]
    [InlineData("""{"type": "string", "minLength": 2}""")]
    public void Check_ValidDraft4_NoErrors(string schema)
    {
        Assert.Empty(Check(schema, Pet));
    }

    [Theory]
    [InlineData("""{"type": "object", "required": []}""", "#/required: must be a non-empty array of strings")]
    [InlineData("""{"type": "string", "enum": ["A", "A"]}""", "#/enum: must not repeat a value (\"A\")")]
    [InlineData("""{"type": "strin"}""", "#/type: must be one of")]
    [InlineData("""{"type": "object", "properties": {"age": {"type": "integer", "minimum": "1"}}}""", "#/properties/age/minimum: must be a number")]
    [InlineData("""{"type": "string", "minLength": -1}""", "#/minLength: must be a non-negative integer")]
    [InlineData("""{"type": "string", "pattern": "(["}""", "#/pattern: is not a valid regular expression")]
    [InlineData("""{"type": "number", "exclusiveMinimum": true}""", "#/exclusiveMinimum: requires minimum")]
    [InlineData("""{"type": "object", "properties": {"a": 1}}""", "#/properties/a: a schema must be a JSON object")]
    [InlineData("""{"allOf": []}""", "#/allOf: must not be empty")]
    public void Check_NotDraft4_InvalidSchemaNamingTheField(string schema, string detail)
    {
        var error = Assert.Single(Check(schema));

        Assert.StartsWith($"Invalid model schema specified. {detail}", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_UnsupportedKeywords_ListedAsAwsDoes()
    {
        var errors = Check("""{"$id": "x", "type": "object", "properties": {"a": {"type": "string", "example": "b"}}}""");

        Assert.Equal(["Invalid model schema specified. Unsupported keyword(s): [\"$id\",\"example\"]"], errors);
    }

    [Fact]
    public void Check_PropertyNamedLikeAKeyword_IsAPropertyNotAKeyword()
    {
        Assert.Empty(Check("""{"type": "object", "properties": {"example": {"type": "string"}, "$id": {"type": "string"}}}"""));
    }

    [Theory]
    [InlineData("{{model: todo}}")]
    [InlineData("http://example.com/schema.json")]
    [InlineData("https://apigateway.amazonaws.com/restapis/otherapi00/models/Pet")]
    [InlineData("Pet.json")]
    public void Check_NonCanonicalRef_AwsText(string reference)
    {
        var errors = Check($$$"""{"type": "array", "items": {"$ref": "{{{reference}}}"}}""", Pet);

        Assert.Equal(["Model reference must be in canonical form"], errors);
    }

    [Fact]
    public void Check_RefsToMissingModels_EachNamedOnce()
    {
        var errors = Check("""
            {"type": "object", "properties": {
              "a": {"$ref": "https://apigateway.amazonaws.com/restapis/a1b2c3d4e5/models/Cumulative"},
              "b": {"$ref": "https://apigateway.amazonaws.com/restapis/a1b2c3d4e5/models/Periodic"},
              "c": {"$ref": "https://apigateway.amazonaws.com/restapis/a1b2c3d4e5/models/Periodic"},
              "d": {"$ref": "https://apigateway.amazonaws.com/restapis/a1b2c3d4e5/models/Pet"}}}
            """, Pet);

        Assert.Equal(["Invalid model specified: Cumulative", "Invalid model specified: Periodic"], errors);
        Assert.Equal(
            "Invalid model specified: Validation Result: warnings : [], errors : [Invalid model specified: Cumulative, Invalid model specified: Periodic]",
            ModelSchemaCheck.Message(errors));
    }

    [Fact]
    public void Check_LocalRefThatDoesNotResolve_InvalidSchema()
    {
        var error = Assert.Single(Check("""{"type": "array", "items": {"$ref": "#/definitions/Missing"}}"""));

        Assert.Equal("Invalid model schema specified. #/items/$ref: '#/definitions/Missing' does not resolve", error);
    }

    [Fact]
    public void Check_NotJson_InvalidSchema()
    {
        Assert.Equal(["Invalid model schema specified"], Check("{\"type\": "));
    }

    [Fact]
    public void Check_SeveralProblems_AllCollected()
    {
        var errors = Check("""{"type": "objet", "required": [], "foo": 1, "items": {"$ref": "x"}}""");

        Assert.Equal(4, errors.Count);
    }

    [Fact]
    public void ReferencedBy_ModelsThatRefAModel_Named()
    {
        var pets = new RestModel
        {
            Id = "ps",
            Name = "Pets",
            ContentType = "application/json",
            Schema = """{"type": "array", "items": {"$ref": "https://apigateway.amazonaws.com/restapis/a1b2c3d4e5/models/Pet"}}""",
        };

        Assert.Equal(["Pets"], ModelSchemaCheck.ReferencedBy(ApiId, "Pet", [Pet, pets]));
        Assert.Empty(ModelSchemaCheck.ReferencedBy(ApiId, "Pets", [Pet, pets]));
    }
}
