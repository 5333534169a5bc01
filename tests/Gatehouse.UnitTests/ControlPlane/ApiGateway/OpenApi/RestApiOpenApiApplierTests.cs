using Gatehouse.ControlPlane.ApiGateway.OpenApi;
using Gatehouse.Model.RestApis;
using static Gatehouse.UnitTests.ControlPlane.ApiGateway.OpenApi.OpenApiTestKit;

namespace Gatehouse.UnitTests.ControlPlane.ApiGateway.OpenApi;

/// <summary>A definition applied to an API: a new one, an overwrite, a merge; and AWS's checks of every part.</summary>
public sealed class RestApiOpenApiApplierTests
{
    private const string First = """
        {"swagger": "2.0", "info": {"title": "first"}, "x-amazon-apigateway-binary-media-types": ["image/heif"],
         "definitions": {"Pet": {"type": "object", "properties": {"kind": {"$ref": "#/definitions/Kind"}}}, "Kind": {"type": "string"}},
         "paths": {"/a": {"get": {"responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Pet"}}}},
                          "post": {"responses": {"206": {"description": "partial"}}}},
                   "/b": {"get": {}}}}
        """;

    private const string Second = """
        {"swagger": "2.0", "info": {"title": "second", "version": "1.0.0"}, "x-amazon-apigateway-binary-media-types": ["image/png", "image/jpg"],
         "paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}, "400": {"description": "bad"}}}}}}
        """;

    private static RestResource At(RestApiDocument document, string path) => document.Resources.Single(r => document.PathOf(r) == path);

    [Fact]
    public void Apply_NewApi_ResourcesAndOnlyTheDefinitionsModelsWithCanonicalReferences()
    {
        var document = Import(First);

        Assert.Equal(["/", "/a", "/b"], document.Resources.Select(document.PathOf).Order(StringComparer.Ordinal));
        Assert.Equal("root000", At(document, "/").Id);
        var pet = document.Models.Single(m => m.Name == "Pet");
        Assert.Contains($"https://apigateway.amazonaws.com/restapis/{ApiId}/models/Kind", pet.Schema!, StringComparison.Ordinal);
        Assert.Equal(["Pet", "Kind"], document.Models.Select(m => m.Name)); // no default Empty and Error (recorded)
        Assert.Equal("Pet", At(document, "/a").ResourceMethods!["GET"].MethodResponses!["200"].ResponseModels!["application/json"]);
    }

    [Fact]
    public void Apply_Merge_DefinitionsMethodsReplaceTheirOwnOthersStayAsAwsDocuments()
    {
        var first = Import(First);

        var merged = Import(Second, first, ImportMode.Merge);

        // The developer guide's example: GET /a now answers 200 and 400, POST /a keeps 200 and 206.
        var a = At(merged, "/a");
        Assert.Equal(a.Id, At(first, "/a").Id);
        Assert.Equal(["200", "400"], a.ResourceMethods!["GET"].MethodResponses!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["206"], a.ResourceMethods["POST"].MethodResponses!.Keys);
        Assert.NotNull(At(merged, "/b").ResourceMethods!["GET"]);
        Assert.Contains(merged.Models, m => m.Name == "Pet");

        // Recorded (test_put_rest_api_mode_binary_media_types[merge]): the name is replaced, media types appended.
        Assert.Equal(("second", "1.0.0"), (merged.RestApi.Name, merged.RestApi.Version));
        Assert.Equal(["image/heif", "image/png", "image/jpg"], merged.RestApi.BinaryMediaTypes);
    }

    [Fact]
    public void Apply_Overwrite_OnlyTheDefinitionRemains()
    {
        var first = Import(First);

        var overwritten = Import(Second, first with { Stages = [new RestStage { StageName = "prod", DeploymentId = "d1" }] }, ImportMode.Overwrite);

        Assert.Equal(["/", "/a"], overwritten.Resources.Select(overwritten.PathOf).Order(StringComparer.Ordinal));
        Assert.Equal(["GET"], At(overwritten, "/a").ResourceMethods!.Keys);
        Assert.DoesNotContain(overwritten.Models, m => m.Name == "Pet");
        Assert.Equal("root000", overwritten.RestApi.RootResourceId);
        Assert.Equal("prod", Assert.Single(overwritten.Stages).StageName);

        // Recorded (test_put_rest_api_mode_binary_media_types[overwrite]): the media types are the definition's.
        Assert.Equal(["image/png", "image/jpg"], overwritten.RestApi.BinaryMediaTypes);
    }

    [Fact]
    public void Apply_AuthorizerAndValidatorNames_ResolvedToIds()
    {
        var document = Import("""
            {"swagger": "2.0", "info": {"title": "t"},
             "x-amazon-apigateway-request-validators": {"body": {"validateRequestBody": true}},
             "securityDefinitions": {"auth": {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "custom",
               "x-amazon-apigateway-authorizer": {"type": "request", "identitySource": "method.request.header.Authorization",
                 "authorizerUri": "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:auth/invocations"}}},
             "paths": {"/a": {"get": {"security": [{"auth": []}], "x-amazon-apigateway-request-validator": "body",
               "x-amazon-apigateway-integration": {"type": "mock", "requestTemplates": {"application/json": "{\"statusCode\": 200}"}}}}}}
            """);
        var method = At(document, "/a").ResourceMethods!["GET"];

        Assert.Equal(document.Authorizers.Single().Id, method.AuthorizerId);
        Assert.Equal("REQUEST", document.Authorizers.Single().Type);
        Assert.Equal(document.RequestValidators.Single().Id, method.RequestValidatorId);
        Assert.Equal(At(document, "/a").Id, method.MethodIntegration!.CacheNamespace);
        Assert.Null(method.MethodIntegration.ConnectionType);
    }

    [Fact]
    public void Apply_BadParts_EveryErrorCollectedWithItsPlace()
    {
        var read = Read("""
            {"swagger": "2.0", "info": {"title": "t"},
             "definitions": {"Bad-Name": {"type": "object"}, "Empty1": {}},
             "x-amazon-apigateway-gateway-responses": {"NOT_A_TYPE": {"statusCode": "400"}},
             "paths": {
               "/a b": {"get": {}},
               "/pets": {"get": {"responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Missing"}}},
                 "x-amazon-apigateway-integration": {"type": "http", "httpMethod": "GET", "uri": "not a uri", "timeoutInMillis": 99999}},
                 "post": {"x-amazon-apigateway-integration": {"type": "lambda"}}}}}
            """);
        Assert.Empty(read.Errors);

        var (_, errors) = ImportApplier.Apply(Empty(), read.Api!, ImportMode.Overwrite);

        Assert.Equal(
        [
            "Unable to create resource at path '/a b': Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace.",
            "Unable to create model for 'Bad-Name': Invalid model name specified: Bad-Name. Model names must be alphanumeric",
            "Unable to create model for 'Empty1': Model schema must have at least 1 property or array items defined",
            "Unable to put gateway response 'NOT_A_TYPE': 1 validation error detected: Value 'NOT_A_TYPE' at 'responseType' failed to satisfy constraint: Member must satisfy enum value set: " +
                GatewayResponseTypes.EnumText,
            "Unable to put method response on 'GET' for resource at path '/pets': Invalid model identifier specified: Missing",
            "Unable to put integration on 'GET' for resource at path '/pets': Invalid HTTP endpoint specified for URI; Timeout should be between 50 ms and 29000 ms",
            "Unable to put integration on 'POST' for resource at path '/pets': Invalid integration type 'lambda': must be one of [http, aws, mock, http_proxy, aws_proxy]",
        ], errors);
    }

    [Fact]
    public void Apply_ModelsReferencingEachOther_AcceptedAndExportedOnceEach()
    {
        // AWS imports models that reference each other (recorded: test_import_with_circular_models).
        var document = Import("""
            {"openapi": "3.0.1", "info": {"title": "circular"},
             "components": {"schemas": {
               "Home": {"type": "object", "description": "where people live", "properties": {"people": {"type": "array", "items": {"$ref": "#/components/schemas/Human"}}}},
               "Human": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}, "home": {"$ref": "#/components/schemas/Home"}}}}},
             "paths": {"/human": {"post": {"operationId": "CreateHuman",
               "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Human"}}}}}}}}
            """);

        Assert.Equal("where people live", document.Models.Single(m => m.Name == "Home").Description);
        Assert.Equal("Human", At(document, "/human").ResourceMethods!["POST"].RequestModels!["application/json"]);
        Assert.Equal("CreateHuman", At(document, "/human").ResourceMethods!["POST"].OperationName);
        var export = Export(document, OpenApiFormat.OpenApi3);
        Assert.Equal(["Home", "Human"], export["components"]!["schemas"]!.AsObject().Select(p => p.Key));
        Assert.Equal("#/components/schemas/Home", (string?)export["components"]!["schemas"]!["Human"]!["properties"]!["home"]!["$ref"]);
    }

    [Fact]
    public void Apply_SecurityWithUnknownScheme_ReaderError()
    {
        var read = Read("""{"swagger": "2.0", "info": {"title": "t"}, "paths": {"/a": {"get": {"security": [{"nobody": []}]}}}}""");

        Assert.Equal(["Unable to find security scheme 'nobody' named by an operation's security"], read.Errors);
    }
}
