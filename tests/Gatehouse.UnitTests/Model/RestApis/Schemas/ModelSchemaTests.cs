using Gatehouse.Model.RestApis;
using Gatehouse.Model.RestApis.Schemas;

namespace Gatehouse.UnitTests.Model.RestApis.Schemas;

public sealed class ModelSchemaTests
{
    private const string ApiId = "a1b2c3d4e5";

    // The request validation example of the developer guide (api-gateway-request-validation-sample-api-swagger).
    private const string RequestBodyModel = """
        {
          "type": "object",
          "properties": {
            "id":    { "type": "integer" },
            "type":  { "type": "string", "enum": ["dog", "cat", "fish"] },
            "name":  { "type": "string" },
            "price": { "type": "number", "minimum": 25, "maximum": 500 }
          },
          "required": ["type", "name", "price"]
        }
        """;

    // The PetStore example API's models: Pets is an array of Pet, referenced in AWS's canonical form.
    private const string Pet = """
        {"type": "object", "properties": {"id": {"type": "integer"}, "type": {"type": "string"}, "price": {"type": "number"}}}
        """;

    private static readonly string Pets =
        $$$"""{"type": "array", "items": {"$ref": "{{{ModelReference.For(ApiId, "Pet")}}}"}}""";

    /// <summary>A schema text with <c>@Name</c> standing for the canonical reference to model Name.</summary>
    private static string WithRefs(string schema) =>
        System.Text.RegularExpressions.Regex.Replace(schema, "@(\\w+)", m => ModelReference.For(ApiId, m.Groups[1].Value));

    private static RestModel Model(string name, string schema) =>
        new() { Id = name.ToLowerInvariant(), Name = name, Schema = schema, ContentType = "application/json" };

    private static ModelSchema Compile(string name, params RestModel[] models)
    {
        var schemas = ModelSchemas.Compile(ApiId, models);
        Assert.Empty(schemas.Errors);
        Assert.True(schemas.TryGet(name, out var schema));
        return schema;
    }

    [Theory]
    [InlineData("""{"type": "dog", "name": "Rex", "price": 25}""")]
    [InlineData("""{"id": 7, "type": "fish", "name": "Nemo", "price": 500, "extra": true}""")]
    [InlineData("""{"type": "cat", "name": "Tom", "price": 99.5}""")]
    public void Validate_GuideRequestBodyModelValidBody_NoErrors(string body)
    {
        var schema = Compile("RequestBodyModel", Model("RequestBodyModel", RequestBodyModel));

        Assert.Empty(schema.Validate(body));
    }

    [Theory]
    [InlineData("""{"type": "dog", "name": "Rex"}""", "PropertyRequired")]
    [InlineData("""{"type": "bird", "name": "Tweety", "price": 30}""", "NotInEnumeration")]
    [InlineData("""{"type": "dog", "name": "Rex", "price": 24}""", "NumberTooSmall")]
    [InlineData("""{"type": "dog", "name": "Rex", "price": 501}""", "NumberTooBig")]
    [InlineData("""{"type": "dog", "name": 3, "price": 30}""", "StringExpected")]
    [InlineData("""{"id": 1.5, "type": "dog", "name": "Rex", "price": 30}""", "IntegerExpected")]
    [InlineData("""[1, 2]""", "ObjectExpected")]
    public void Validate_GuideRequestBodyModelInvalidBody_NamesTheProblem(string body, string kind)
    {
        var schema = Compile("RequestBodyModel", Model("RequestBodyModel", RequestBodyModel));

        var errors = schema.Validate(body);

        Assert.Contains(errors, e => e.Message.StartsWith(kind, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_MissingRequiredProperty_ErrorNamesTheProperty()
    {
        var schema = Compile("RequestBodyModel", Model("RequestBodyModel", RequestBodyModel));

        var error = Assert.Single(schema.Validate("""{"type": "dog", "name": "Rex"}"""));

        Assert.Equal("#/price", error.Path);
        Assert.Equal("PropertyRequired (price)", error.Message);
    }

    [Fact]
    public void Validate_SeveralProblems_AllReported()
    {
        var schema = Compile("RequestBodyModel", Model("RequestBodyModel", RequestBodyModel));

        var errors = schema.Validate("""{"type": "bird", "price": 1}""");

        Assert.Equal(3, errors.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{\"type\": \"dog\",}")]
    [InlineData("{'type': 'dog'}")]
    [InlineData("{type: \"dog\"}")]
    [InlineData("{\"type\": \"dog\"} // comment")]
    [InlineData("{\"a\": 1} {\"b\": 2}")]
    [InlineData("NaN")]
    [InlineData(null)]
    public void Validate_MalformedJson_OneErrorNoThrow(string? body)
    {
        var schema = Compile("RequestBodyModel", Model("RequestBodyModel", RequestBodyModel));

        var error = Assert.Single(schema.Validate(body));

        Assert.Equal("#", error.Path);
        Assert.StartsWith("Invalid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DeeplyNestedBody_ErrorNoThrow()
    {
        var schema = Compile("RequestBodyModel", Model("RequestBodyModel", RequestBodyModel));

        var errors = schema.Validate(new string('[', 10_000) + new string(']', 10_000));

        Assert.NotEmpty(errors);
    }

    [Fact]
    public void Validate_DateLikeString_IsAString()
    {
        var schema = Compile("M", Model("M", """{"type": "object", "properties": {"at": {"type": "string", "maxLength": 25}}}"""));

        Assert.Empty(schema.Validate("""{"at": "2024-01-02T03:04:05Z"}"""));
    }

    [Fact]
    public void Validate_PetsReferencesPetByCanonicalUrl_ValidatesItems()
    {
        var pet = Model("Pet", """
            {"type": "object", "properties": {"id": {"type": "integer"}, "type": {"type": "string"}, "price": {"type": "number"}},
             "required": ["type"]}
            """);
        var schema = Compile("Pets", pet, Model("Pets", Pets));

        Assert.Empty(schema.Validate("""[{"id": 1, "type": "dog", "price": 249.99}, {"type": "cat"}]"""));
        var error = Assert.Single(schema.Validate("""[{"id": 1, "type": "dog"}, {"id": "two", "type": "cat"}]"""));
        Assert.Equal("#/[1].id", error.Path);
        Assert.StartsWith("IntegerExpected", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_GuideGroceryStoreLocalDefinitions_Resolved()
    {
        var grocery = Model("GroceryStoreInputModel", """
            {
              "$schema": "http://json-schema.org/draft-04/schema#",
              "title": "GroceryStoreInputModel",
              "type": "object",
              "properties": {
                "department": { "type": "string" },
                "bins": { "type": "array", "items": { "$ref": "#/definitions/Bin" } }
              },
              "definitions": {
                "Bin": { "type": "object", "properties": { "price": { "type": "number" }, "quantity": { "type": "integer" } } }
              }
            }
            """);
        var schema = Compile("GroceryStoreInputModel", grocery);

        Assert.Empty(schema.Validate("""{"department": "produce", "bins": [{"price": 1.5, "quantity": 3}]}"""));
        Assert.NotEmpty(schema.Validate("""{"department": "produce", "bins": [{"price": 1.5, "quantity": 3.5}]}"""));
    }

    [Fact]
    public void Validate_ReferencedModelWithItsOwnDefinitions_ResolvedInsideIt()
    {
        var bin = Model("Bin", """
            {"type": "object", "properties": {"unit": {"$ref": "#/definitions/Unit"}}, "definitions": {"Unit": {"enum": ["kg", "lb"]}}}
            """);
        var store = Model("Store", WithRefs("""{"type": "object", "properties": {"bin": {"$ref": "@Bin"}}}"""));
        var schema = Compile("Store", bin, store);

        Assert.Empty(schema.Validate("""{"bin": {"unit": "kg"}}"""));
        Assert.NotEmpty(schema.Validate("""{"bin": {"unit": "stone"}}"""));
    }

    [Fact]
    public void Validate_RecursiveLocalRef_ValidatesEveryLevel()
    {
        var tree = Model("Tree", """
            {"type": "object", "properties": {"name": {"type": "string"}, "children": {"type": "array", "items": {"$ref": "#"}}},
             "required": ["name"]}
            """);
        var schema = Compile("Tree", tree);

        Assert.Empty(schema.Validate("""{"name": "a", "children": [{"name": "b", "children": [{"name": "c"}]}]}"""));
        Assert.NotEmpty(schema.Validate("""{"name": "a", "children": [{"name": "b", "children": [{}]}]}"""));
    }

    [Fact]
    public void Validate_ModelsReferencingEachOther_BothCompile()
    {
        var person = Model("Person", WithRefs("""{"type": "object", "properties": {"pets": {"type": "array", "items": {"$ref": "@Animal"}}}}"""));
        var animal = Model("Animal", WithRefs("""{"type": "object", "properties": {"owner": {"$ref": "@Person"}, "name": {"type": "string"}}}"""));

        var schemas = ModelSchemas.Compile(ApiId, [person, animal]);

        Assert.Empty(schemas.Errors);
        Assert.True(schemas.TryGet("Person", out var schema));
        Assert.Empty(schema.Validate("""{"pets": [{"name": "Rex", "owner": {"pets": []}}]}"""));
        Assert.NotEmpty(schema.Validate("""{"pets": [{"name": "Rex", "owner": {"pets": [{"name": 5}]}}]}"""));
    }

    [Theory]
    [InlineData("""{"type": "string", "pattern": "^[a-z]+$"}""", "\"abc\"", "\"ab1\"")]
    [InlineData("""{"type": "string", "minLength": 2, "maxLength": 3}""", "\"ab\"", "\"abcd\"")]
    [InlineData("""{"type": "array", "minItems": 1, "uniqueItems": true}""", "[1, 2]", "[1, 1]")]
    [InlineData("""{"type": "number", "minimum": 0, "exclusiveMinimum": true}""", "0.1", "0")]
    [InlineData("""{"type": "integer", "multipleOf": 5}""", "10", "12")]
    [InlineData("""{"type": "object", "additionalProperties": false, "properties": {"a": {}}}""", """{"a": 1}""", """{"b": 1}""")]
    [InlineData("""{"oneOf": [{"type": "null"}, {"type": "string"}]}""", "null", "1")]
    [InlineData("""{"type": ["string", "null"]}""", "null", "true")]
    [InlineData("""{"not": {"type": "string"}}""", "1", "\"s\"")]
    [InlineData("""{"type": "object", "dependencies": {"a": ["b"]}}""", """{"a": 1, "b": 2}""", """{"a": 1}""")]
    [InlineData("""{"type": "object", "minProperties": 1}""", """{"a": 1}""", "{}")]
    public void Validate_Draft4Keyword_AcceptsAndRefuses(string schemaText, string valid, string invalid)
    {
        var schema = Compile("M", Model("M", schemaText));

        Assert.Empty(schema.Validate(valid));
        Assert.NotEmpty(schema.Validate(invalid));
    }

    [Theory]
    [InlineData("string", "\"any text\"")]
    [InlineData("int32", "5")]
    [InlineData("int64", "5")]
    [InlineData("double", "5.5")]
    [InlineData("date-time", "\"2024-01-02T03:04:05Z\"")]
    public void Validate_OpenApiStyleFormats_DoNotRefuseMatchingValues(string format, string value)
    {
        var schema = Compile("M", Model("M", $$"""{"format": "{{format}}"}"""));

        Assert.Empty(schema.Validate(value));
    }

    [Fact]
    public void Validate_ManyThreadsAtOnce_SameAnswers()
    {
        var schema = Compile("RequestBodyModel", Model("RequestBodyModel", RequestBodyModel));

        var counts = Enumerable.Range(0, 2000).AsParallel().WithDegreeOfParallelism(8)
            .Select(i => schema.Validate(i % 2 == 0 ? """{"type": "dog", "name": "Rex", "price": 30}""" : """{"type": "x"}""").Count)
            .ToList();

        Assert.All(counts.Where((_, i) => i % 2 == 0), c => Assert.Equal(0, c));
        Assert.All(counts.Where((_, i) => i % 2 == 1), c => Assert.Equal(3, c));
    }

    [Fact]
    public void Compile_HttpRef_RefusedNeverFetched()
    {
        var model = Model("Remote", """{"type": "object", "properties": {"a": {"$ref": "http://127.0.0.1:9/schema.json"}}}""");

        var schemas = ModelSchemas.Compile(ApiId, [model]);

        var error = Assert.Single(schemas.Errors);
        Assert.Equal("Remote", error.Model);
        Assert.Contains("canonical form", error.Message, StringComparison.Ordinal);
        Assert.False(schemas.TryGet("Remote", out _));
    }

    [Fact]
    public void Compile_RefToMissingModel_ErrorNamesIt()
    {
        var model = Model("Pets", Pets);

        var schemas = ModelSchemas.Compile(ApiId, [model]);

        Assert.Equal("Invalid model specified: Pet", Assert.Single(schemas.Errors).Message);
    }

    [Fact]
    public void Compile_ModelsWithoutSchemaOrBroken_SkippedOrReported()
    {
        var none = new RestModel { Id = "n", Name = "None", ContentType = "application/json" };
        var broken = Model("Broken", "{");

        var schemas = ModelSchemas.Compile(ApiId, [none, broken, Model("Pet", Pet)]);

        Assert.Equal(1, schemas.Count);
        Assert.Equal("Broken", Assert.Single(schemas.Errors).Model);
    }
}
