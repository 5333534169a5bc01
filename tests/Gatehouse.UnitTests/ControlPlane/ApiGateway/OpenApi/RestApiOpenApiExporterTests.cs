using System.Text.Json.Nodes;
using Gatehouse.ControlPlane.ApiGateway.OpenApi;
using Gatehouse.Model.RestApis;
using static Gatehouse.UnitTests.ControlPlane.ApiGateway.OpenApi.OpenApiTestKit;

namespace Gatehouse.UnitTests.ControlPlane.ApiGateway.OpenApi;

/// <summary>Each extension GetExport writes, when it writes it, and the round trip export → import → export.</summary>
public sealed class RestApiOpenApiExporterTests
{
    private const string AuthorizerUri = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:auth/invocations";

    private static readonly string Rich = """
        {"openapi": "3.0.1", "info": {"title": "rich", "version": "3"},
         "x-amazon-apigateway-api-key-source": "AUTHORIZER",
         "x-amazon-apigateway-binary-media-types": ["image/png"],
         "x-amazon-apigateway-minimum-compression-size": 0,
         "x-amazon-apigateway-policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "*"}]},
         "x-amazon-apigateway-request-validators": {"all": {"validateRequestBody": true, "validateRequestParameters": true}},
         "x-amazon-apigateway-gateway-responses": {"DEFAULT_4XX": {"statusCode": "400", "responseParameters": {"gatewayresponse.header.X-Why": "'because'"},
             "responseTemplates": {"application/json": "{\"message\": $context.error.messageString}"}}},
         "components": {
           "schemas": {"Pet": {"type": "object", "properties": {"kind": {"$ref": "#/components/schemas/Kind"}}}, "Kind": {"type": "string"}, "Unused": {"type": "object"}},
           "securitySchemes": {
             "api_key": {"type": "apiKey", "name": "x-api-key", "in": "header"},
             "sigv4": {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "awsSigv4"},
             "tokens": {"type": "apiKey", "name": "Auth", "in": "header", "x-amazon-apigateway-authtype": "oauth2",
               "x-amazon-apigateway-authorizer": {"type": "token", "authorizerUri": "@URI", "identitySource": "method.request.header.Auth", "authorizerResultTtlInSeconds": 60}}}},
         "paths": {
           "/pets/{petId}": {
             "get": {"operationId": "GetPet", "security": [{"tokens": []}, {"api_key": []}], "x-amazon-apigateway-request-validator": "all",
               "parameters": [{"name": "petId", "in": "path", "required": true, "schema": {"type": "string"}},
                              {"name": "X-Trace", "in": "header", "required": true, "schema": {"type": "string"}}],
               "responses": {"200": {"description": "200 response", "headers": {"X-Id": {"schema": {"type": "string"}}},
                 "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}, "500": {"description": "500 response"}},
               "x-amazon-apigateway-integration": {"type": "http", "httpMethod": "GET", "uri": "https://example.com/pets/{id}",
                 "requestParameters": {"integration.request.path.id": "method.request.path.petId"},
                 "passthroughBehavior": "never", "contentHandling": "CONVERT_TO_TEXT", "timeoutInMillis": 1000,
                 "cacheNamespace": "pets", "cacheKeyParameters": ["method.request.path.petId"],
                 "responses": {"default": {"statusCode": "200", "responseParameters": {"method.response.header.X-Id": "integration.response.header.X-Id"}},
                               "5\\d{2}": {"statusCode": "500", "responseTemplates": {"application/json": "{}"}}}}},
             "post": {"security": [{"sigv4": []}],
               "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}, "required": true},
               "responses": {"201": {"description": "201 response"}},
               "x-amazon-apigateway-integration": {"type": "mock", "requestTemplates": {"application/json": "{\"statusCode\": 201}"},
                 "responses": {"default": {"statusCode": "201"}}}},
             "x-amazon-apigateway-any-method": {"responses": {"200": {"description": "200 response"}},
               "x-amazon-apigateway-integration": {"type": "http_proxy", "httpMethod": "ANY", "uri": "https://example.com/any"}}}}}
        """.Replace("@URI", AuthorizerUri, StringComparison.Ordinal);

    private static JsonObject ExportRich(OpenApiFormat format, string? extensions) => Export(Import(Rich), format, extensions);

    private static JsonObject Operation(JsonObject export, string verb) => export["paths"]!["/pets/{petId}"]![verb]!.AsObject();

    [Fact]
    public void Export_WithoutExtensions_NoApiGatewayExtensions()
    {
        var export = ExportRich(OpenApiFormat.OpenApi3, null);

        Assert.DoesNotContain("x-amazon-apigateway-integration", export.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("x-amazon-apigateway-request-validator", export.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("x-amazon-apigateway-authorizer", export.ToJsonString(), StringComparison.Ordinal);
        Assert.Null(export["x-amazon-apigateway-binary-media-types"]);
        Assert.NotNull(export["paths"]!["/pets/{petId}"]!["x-amazon-apigateway-any-method"]);
    }

    [Fact]
    public void Export_Integrations_IntegrationWithNonDefaultMembersAndApiExtensions()
    {
        var export = ExportRich(OpenApiFormat.OpenApi3, "integrations");

        var integration = Operation(export, "get")["x-amazon-apigateway-integration"]!;
        Assert.Equal("""
            {"type":"http","httpMethod":"GET","uri":"https://example.com/pets/{id}","responses":{"default":{"statusCode":"200","responseParameters":{"method.response.header.X-Id":"integration.response.header.X-Id"}},"5\\d{2}":{"statusCode":"500","responseTemplates":{"application/json":"{}"}}},"requestParameters":{"integration.request.path.id":"method.request.path.petId"},"passthroughBehavior":"never","contentHandling":"CONVERT_TO_TEXT","timeoutInMillis":1000,"cacheNamespace":"pets","cacheKeyParameters":["method.request.path.petId"]}
            """, integration.ToJsonString());
        Assert.Equal("http_proxy", (string?)export["paths"]!["/pets/{petId}"]!["x-amazon-apigateway-any-method"]!["x-amazon-apigateway-integration"]!["type"]);
        Assert.Equal("AUTHORIZER", (string?)export["x-amazon-apigateway-api-key-source"]);
        Assert.Equal(["image/png"], export["x-amazon-apigateway-binary-media-types"]!.AsArray().Select(t => (string?)t));
        Assert.Equal(0, (int)export["x-amazon-apigateway-minimum-compression-size"]!);
        Assert.Equal("execute-api:Invoke", (string?)export["x-amazon-apigateway-policy"]!["Statement"]![0]!["Action"]);
        Assert.Equal("""{"DEFAULT_4XX":{"statusCode":"400","responseParameters":{"gatewayresponse.header.X-Why":"'because'"},"responseTemplates":{"application/json":"{\"message\": $context.error.messageString}"}}}""",
            export["x-amazon-apigateway-gateway-responses"]!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        Assert.Null(export["x-amazon-apigateway-request-validators"]);
    }

    [Fact]
    public void Export_ApiGateway_RequestValidatorsAndAuthorizers()
    {
        var export = ExportRich(OpenApiFormat.OpenApi3, "apigateway");

        Assert.Equal("""{"all":{"validateRequestParameters":true,"validateRequestBody":true}}""", export["x-amazon-apigateway-request-validators"]!.ToJsonString());
        Assert.Equal("all", (string?)Operation(export, "get")["x-amazon-apigateway-request-validator"]);
        Assert.Equal("""{"type":"apiKey","name":"Auth","in":"header","x-amazon-apigateway-authtype":"oauth2","x-amazon-apigateway-authorizer":{"type":"token","authorizerUri":"@URI","identitySource":"method.request.header.Auth","authorizerResultTtlInSeconds":60}}""".Replace("@URI", AuthorizerUri, StringComparison.Ordinal),
            export["components"]!["securitySchemes"]!["tokens"]!.ToJsonString());
    }

    [Fact]
    public void Export_Authorizers_SchemesWithAuthorizerButNoIntegrations()
    {
        var export = ExportRich(OpenApiFormat.Swagger2, "authorizers");

        Assert.NotNull(export["securityDefinitions"]!["tokens"]!["x-amazon-apigateway-authorizer"]);
        Assert.Null(Operation(export, "get")["x-amazon-apigateway-integration"]);
    }

    [Fact]
    public void Export_Security_IamApiKeyAndAuthorizerRequirements()
    {
        var export = ExportRich(OpenApiFormat.Swagger2, null);

        Assert.Equal("""[{"tokens":[]},{"api_key":[]}]""", Operation(export, "get")["security"]!.ToJsonString());
        Assert.Equal("""[{"sigv4":[]}]""", Operation(export, "post")["security"]!.ToJsonString());
        Assert.Equal("""{"type":"apiKey","name":"x-api-key","in":"header"}""", export["securityDefinitions"]!["api_key"]!.ToJsonString());
        Assert.Equal("""{"type":"apiKey","name":"Authorization","in":"header","x-amazon-apigateway-authtype":"awsSigv4"}""", export["securityDefinitions"]!["sigv4"]!.ToJsonString());
        Assert.Null(export["securityDefinitions"]!["tokens"]!["x-amazon-apigateway-authorizer"]);
    }

    [Fact]
    public void Export_Swagger_ParametersBodyAndOnlyUsedModels()
    {
        var export = ExportRich(OpenApiFormat.Swagger2, null);

        Assert.Equal("""[{"name":"petId","in":"path","required":true,"type":"string"},{"name":"X-Trace","in":"header","required":true,"type":"string"}]""",
            Operation(export, "get")["parameters"]!.ToJsonString());
        Assert.Equal("""[{"name":"petId","in":"path","required":true,"type":"string"},{"in":"body","name":"Pet","required":true,"schema":{"$ref":"#/definitions/Pet"}}]""",
            Operation(export, "post")["parameters"]!.ToJsonString());
        Assert.Equal("""{"description":"200 response","schema":{"$ref":"#/definitions/Pet"},"headers":{"X-Id":{"type":"string"}}}""",
            Operation(export, "get")["responses"]!["200"]!.ToJsonString());
        Assert.Equal(["Pet", "Kind"], export["definitions"]!.AsObject().Select(p => p.Key));
        Assert.Equal("#/definitions/Kind", (string?)export["definitions"]!["Pet"]!["properties"]!["kind"]!["$ref"]);
        Assert.Equal("GetPet", (string?)Operation(export, "get")["operationId"]);
    }

    [Fact]
    public void Export_OpenApi3_ServerWithStageAndRequestBody()
    {
        var export = ExportRich(OpenApiFormat.OpenApi3, null);

        Assert.Equal("""[{"url":"https://@API.execute-api.us-east-1.amazonaws.com/{basePath}","variables":{"basePath":{"default":"local"}}}]""".Replace("@API", ApiId, StringComparison.Ordinal),
            export["servers"]!.ToJsonString());
        Assert.Equal("""{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Pet"}}},"required":true}""",
            Operation(export, "post")["requestBody"]!.ToJsonString());
        Assert.Equal(("rich", "3"), ((string?)export["info"]!["title"], (string?)export["info"]!["version"]));
    }

    [Theory]
    [InlineData("swagger")]
    [InlineData("oas30")]
    public void Export_ThenImport_SameApi(string exportType)
    {
        var format = exportType == "swagger" ? OpenApiFormat.Swagger2 : OpenApiFormat.OpenApi3;
        var original = Import(Rich);

        var exported = Export(original, format, "apigateway");
        var again = Import(exported);

        Assert.Equal(Canonical(exported), Canonical(Export(again, format, "apigateway")));
        Assert.Equal(Comparable(original), Comparable(again));
    }

    /// <summary>What an API is, without the ids drawn for it.</summary>
    private static string Comparable(RestApiDocument document)
    {
        string? Name(string? authorizerId) => document.Authorizers.FirstOrDefault(a => a.Id == authorizerId)?.Name;
        string? Validator(string? id) => document.RequestValidators.FirstOrDefault(v => v.Id == id)?.Name;
        var resources = document.Resources.Select(r => new
        {
            Path = document.PathOf(r),
            Methods = (r.ResourceMethods ?? new Dictionary<string, RestMethod>()).ToDictionary(m => m.Key, m => m.Value with
            {
                AuthorizerId = Name(m.Value.AuthorizerId),
                RequestValidatorId = Validator(m.Value.RequestValidatorId),
                MethodIntegration = m.Value.MethodIntegration is { } i && i.CacheNamespace == r.Id ? i with { CacheNamespace = "(resource)" } : m.Value.MethodIntegration,
            }),
        }).OrderBy(r => r.Path, StringComparer.Ordinal);
        var value = new
        {
            Api = document.RestApi with { Id = "", RootResourceId = "" },
            Resources = resources,
            Models = document.Models.Where(m => m.Name is not ("Empty" or "Error" or "Unused")).Select(m => m with { Id = "" }).OrderBy(m => m.Name, StringComparer.Ordinal),
            Authorizers = document.Authorizers.Select(a => a with { Id = "" }),
            Validators = document.RequestValidators.Select(v => v with { Id = "" }),
            document.GatewayResponses,
        };
        return System.Text.Json.JsonSerializer.Serialize(value, Gatehouse.Model.ModelJson.Options);
    }
}
