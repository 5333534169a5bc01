using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.ControlPlane;

/// <summary>
/// Models as JSON Schema draft 4, as the AWS CLI v2 creates, updates and deletes them: AWS refuses a schema that is not
/// draft 4, uses other keywords, or references a model that is not there, with its "Validation Result" message.
/// </summary>
[Collection(Collections.Cli)]
public sealed class RestApiModelSchemaCliTests(GatehouseFixture fixture)
{
    private Task<CliResult> Run(params string[] arguments) => fixture.Cli.RunAsync(["apigateway", .. arguments]);

    private async Task<string> CreateApiAsync() =>
        (await Run("create-rest-api", "--name", "models")).ShouldSucceed().Json.GetProperty("id").GetString()!;

    private Task<CliResult> CreateModel(string apiId, string name, string schema) =>
        Run("create-model", "--rest-api-id", apiId, "--name", name, "--content-type", "application/json", "--schema", schema);

    /// <summary>A schema text with <c>@Name</c> standing for the canonical reference to model Name of the API.</summary>
    private static string WithRefs(string apiId, string schema) =>
        System.Text.RegularExpressions.Regex.Replace(schema, "@(\\w+)", m => Ref(apiId, m.Groups[1].Value));

    private static string Ref(string apiId, string model) => $"https://apigateway.amazonaws.com/restapis/{apiId}/models/{model}";

    [Fact]
    public async Task CreateModel_Draft4WithCanonicalRef_Accepted()
    {
        var apiId = await CreateApiAsync();
        (await CreateModel(apiId, "Pet", """
            {"$schema": "http://json-schema.org/draft-04/schema#", "title": "Pet", "type": "object",
             "properties": {"id": {"type": "integer"}, "type": {"type": "string", "enum": ["dog", "cat", "fish"]},
                            "price": {"type": "number", "minimum": 25, "maximum": 500}},
             "required": ["type", "price"]}
            """)).ShouldSucceed();

        var pets = (await CreateModel(apiId, "Pets", WithRefs(apiId, """{"type": "array", "items": {"$ref": "@Pet"}}"""))).ShouldSucceed().Json;

        Assert.Equal("Pets", pets.GetProperty("name").GetString());
        Assert.Contains(Ref(apiId, "Pet"), pets.GetProperty("schema").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateModel_NotDraft4_RefusedWithAwsValidationResult()
    {
        var apiId = await CreateApiAsync();

        Assert.Equal("Invalid model specified: Validation Result: warnings : [], errors : [Invalid model schema specified. #/required: must be a non-empty array of strings]",
            (await CreateModel(apiId, "Bad", """{"type": "object", "required": []}""")).ShouldFailWith("BadRequestException", "CreateModel"));
        Assert.Equal("Invalid model specified: Validation Result: warnings : [], errors : [Invalid model schema specified. Unsupported keyword(s): [\"$id\"]]",
            (await CreateModel(apiId, "Bad", """{"$id": "http://example.com/my_schema.json", "type": "object"}""")).ShouldFailWith("BadRequestException", "CreateModel"));
        Assert.Equal("Invalid model specified: Validation Result: warnings : [], errors : [Invalid model schema specified]",
            (await CreateModel(apiId, "Bad", """{"type": """)).ShouldFailWith("BadRequestException", "CreateModel"));
        Assert.Equal("Invalid model name specified: Bad",
            (await Run("get-model", "--rest-api-id", apiId, "--model-name", "Bad")).ShouldFailWith("NotFoundException", "GetModel"));
    }

    [Fact]
    public async Task CreateModel_RefsToMissingOrForeignModels_Refused()
    {
        var apiId = await CreateApiAsync();

        Assert.Equal("Invalid model specified: Validation Result: warnings : [], errors : [Invalid model specified: Cumulative, Invalid model specified: Periodic]",
            (await CreateModel(apiId, "Growth", WithRefs(apiId, """
                {"type": "object", "properties": {"cumulative": {"$ref": "@Cumulative"}, "periodic": {"$ref": "@Periodic"}}}
                """))).ShouldFailWith("BadRequestException", "CreateModel"));
        Assert.Equal("Invalid model specified: Validation Result: warnings : [], errors : [Model reference must be in canonical form]",
            (await CreateModel(apiId, "Todos", """{"type": "array", "items": {"$ref": "http://127.0.0.1:9/todo.json"}}"""))
                .ShouldFailWith("BadRequestException", "CreateModel"));
    }

    [Fact]
    public async Task UpdateModel_SchemaPatch_CheckedLikeCreate()
    {
        var apiId = await CreateApiAsync();
        (await CreateModel(apiId, "Pet", """{"type": "object", "properties": {"name": {"type": "string"}}}""")).ShouldSucceed();

        Assert.Equal("Invalid model specified: Validation Result: warnings : [], errors : [Invalid model schema specified. #/type: must be one of array, boolean, integer, null, number, object, string, or a non-empty array of them]",
            (await Run("update-model", "--rest-api-id", apiId, "--model-name", "Pet", "--patch-operations",
                """[{"op": "replace", "path": "/schema", "value": "{\"type\": \"objet\"}"}]""")).ShouldFailWith("BadRequestException", "UpdateModel"));

        var updated = (await Run("update-model", "--rest-api-id", apiId, "--model-name", "Pet", "--patch-operations",
            """[{"op": "replace", "path": "/schema", "value": "{\"type\": \"object\", \"required\": [\"name\"]}"}]""")).ShouldSucceed().Json;
        Assert.Contains("required", updated.GetProperty("schema").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteModel_ReferencedByAnotherModel_ConflictUntilTheReferenceGoes()
    {
        var apiId = await CreateApiAsync();
        (await CreateModel(apiId, "Pet", """{"type": "object", "properties": {"name": {"type": "string"}}}""")).ShouldSucceed();
        (await CreateModel(apiId, "Pets", WithRefs(apiId, """{"type": "array", "items": {"$ref": "@Pet"}}"""))).ShouldSucceed();

        Assert.Equal("Cannot delete model 'Pet', is referenced in model: Pets",
            (await Run("delete-model", "--rest-api-id", apiId, "--model-name", "Pet")).ShouldFailWith("ConflictException", "DeleteModel"));

        (await Run("delete-model", "--rest-api-id", apiId, "--model-name", "Pets")).ShouldSucceed();
        (await Run("delete-model", "--rest-api-id", apiId, "--model-name", "Pet")).ShouldSucceed();
    }

    [Fact]
    public async Task DeleteModel_ReferencedByAMethodResponse_ConflictAsAws()
    {
        var apiId = await CreateApiAsync();
        var rootId = (await Run("get-resources", "--rest-api-id", apiId)).ShouldSucceed().Json.GetProperty("items")[0].GetProperty("id").GetString()!;
        var resourceId = (await Run("create-resource", "--rest-api-id", apiId, "--parent-id", rootId, "--path-part", "pets")).ShouldSucceed()
            .Json.GetProperty("id").GetString()!;
        (await CreateModel(apiId, "Pets", """{"type": "array", "items": {"type": "object"}}""")).ShouldSucceed();
        (await Run("put-method", "--rest-api-id", apiId, "--resource-id", resourceId, "--http-method", "GET", "--authorization-type", "NONE")).ShouldSucceed();
        (await Run("put-method-response", "--rest-api-id", apiId, "--resource-id", resourceId, "--http-method", "GET", "--status-code", "200",
            "--response-models", """{"application/json": "Pets"}""")).ShouldSucceed();

        Assert.Equal("Cannot delete model 'Pets', is referenced in method response: /pets/GET",
            (await Run("delete-model", "--rest-api-id", apiId, "--model-name", "Pets")).ShouldFailWith("ConflictException", "DeleteModel"));
    }
}
