using Gatehouse.ControlPlane.ApiGateway.OpenApi;
using static Gatehouse.UnitTests.ControlPlane.ApiGateway.OpenApi.OpenApiTestKit;

namespace Gatehouse.UnitTests.ControlPlane.ApiGateway.OpenApi;

/// <summary>What a definition becomes: resources, method requests and responses, integrations, and AWS's warnings.</summary>
public sealed class RestApiOpenApiReaderTests
{
    [Theory]
    [InlineData("""{"openapi": "3.1.0", "info": {"title": "t"}, "paths": {}}""")]
    [InlineData("""{"swagger": "1.2", "info": {"title": "t"}, "paths": {}}""")]
    [InlineData("""{"info": {"title": "t"}, "paths": {}}""")]
    [InlineData("""{"swagger": "2.0", "info": {"title": "t"}, "paths": []}""")]
    public void Read_NotSwagger2OrOpenApi30_InvalidOpenApiInput(string definition)
    {
        var result = Read(definition);

        Assert.Null(result.Api);
        Assert.Equal(["Invalid OpenAPI input."], result.Errors);
    }

    [Fact]
    public void Read_IntegrationRequestParameterNotAString_WarnsAsAwsAndDropsIt()
    {
        var result = Read("""
            swagger: "2.0"
            info: {title: t}
            basePath: /base-url/part
            paths:
              /test:
                get:
                  x-amazon-apigateway-integration:
                    type: mock
                    requestParameters:
                      integration.request.header.X-Amz-Invocation-Type: "'Event'"
                      integration.request.header.nothing: true
            """, new ImportOptions { BasePath = "prepend" });

        // The text AWS answered in the recorded import (test_import_rest_apis_with_base_path_swagger).
        Assert.Equal(["Invalid format for 'requestParameters'. Expected type string for property 'integration.request.header.nothing' of resource '/base-url/part/test' and method 'GET' but got 'true'"],
            result.Warnings);
        var integration = result.Api!.Paths[0].Methods["GET"].Method.MethodIntegration!;
        Assert.Equal(["integration.request.header.X-Amz-Invocation-Type"], integration.RequestParameters!.Keys);
    }

    [Fact]
    public void Read_DocumentationParts_WarnedUnlessIgnored()
    {
        const string Definition = """{"swagger": "2.0", "info": {"title": "t"}, "paths": {}, "x-amazon-apigateway-documentation": {"version": "1"}}""";

        Assert.Equal(["Documentation parts are not supported by Gatehouse yet: x-amazon-apigateway-documentation was not imported"], Read(Definition).Warnings);
        Assert.Empty(Read(Definition, new ImportOptions { IgnoreDocumentation = true }).Warnings);
    }

    [Theory]
    [InlineData("ignore", "/test")]
    [InlineData("prepend", "/base-url/part/test")]
    [InlineData("split", "/part/test")]
    public void Read_SwaggerBasePath_AppliedAsTheModeSays(string mode, string path)
    {
        var result = Read("""{"swagger": "2.0", "info": {"title": "t"}, "basePath": "/base-url/part", "paths": {"/test": {"get": {}}}}""",
            new ImportOptions { BasePath = mode });

        Assert.Equal(path, result.Api!.Paths[0].Path);
    }

    [Theory]
    [InlineData("ignore", "/test")]
    [InlineData("prepend", "/base-var/test")]
    [InlineData("split", "/test")]
    public void Read_OpenApi3ServerVariable_BasePathAsTheModeSays(string mode, string path)
    {
        var result = Read("""
            {"openapi": "3.0.1", "info": {"title": "t"},
             "servers": [{"url": "https://example.com/{basePath}", "variables": {"basePath": {"default": "base-var"}}}],
             "paths": {"/test": {"get": {}}}}
            """, new ImportOptions { BasePath = mode });

        Assert.Equal(path, result.Api!.Paths[0].Path);
    }

    [Fact]
    public void Read_Parameters_MethodRequestParametersWithRequired()
    {
        var method = Read("""
            {"swagger": "2.0", "info": {"title": "t"},
             "parameters": {"Trace": {"name": "X-Trace", "in": "header", "required": true, "type": "string"}},
             "paths": {"/pets/{petId}": {
               "parameters": [{"name": "petId", "in": "path", "required": true, "type": "string"}],
               "get": {"parameters": [{"name": "page", "in": "query", "type": "string"}, {"$ref": "#/parameters/Trace"}]}}}}
            """).Api!.Paths[0].Methods["GET"].Method;

        Assert.Equal(new Dictionary<string, bool>
        {
            ["method.request.path.petId"] = true,
            ["method.request.querystring.page"] = false,
            ["method.request.header.X-Trace"] = true,
        }, method.RequestParameters);
    }

    [Fact]
    public void Read_PathVariablesNotListed_DeclaredAsRequiredPathParameters()
    {
        var method = Read("""{"openapi": "3.0.2", "info": {"title": "t"}, "paths": {"/echo/{data}/{rest+}": {"x-amazon-apigateway-any-method": {}}}}""")
            .Api!.Paths[0].Methods["ANY"].Method;

        Assert.Equal(new Dictionary<string, bool> { ["method.request.path.data"] = true, ["method.request.path.rest"] = true }, method.RequestParameters);
    }

    [Fact]
    public void Read_OpenApi3BodiesAndResponses_RequestModelsAndMethodResponses()
    {
        var method = Read("""
            {"openapi": "3.0.1", "info": {"title": "t"},
             "components": {"schemas": {"Pet": {"type": "object"}},
               "responses": {"Created": {"description": "made", "headers": {"Location": {"schema": {"type": "string"}}},
                 "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}}},
             "paths": {"/pets": {"post": {
               "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}, "required": true},
               "responses": {"201": {"$ref": "#/components/responses/Created"}, "400": {"description": "bad"}}}}}}
            """).Api!.Paths[0].Methods["POST"].Method;

        Assert.Equal("Pet", method.RequestModels!["application/json"]);
        var created = method.MethodResponses!["201"];
        Assert.Equal("Pet", created.ResponseModels!["application/json"]);
        Assert.False(created.ResponseParameters!["method.response.header.Location"]);
        Assert.Null(method.MethodResponses["400"].ResponseModels);
    }

    [Fact]
    public void Read_Integration_AllMembersAsPutIntegrationTakesThem()
    {
        var integration = Read("""
            swagger: "2.0"
            info: {title: t}
            paths:
              /items/{id}:
                get:
                  x-amazon-apigateway-integration:
                    type: HTTP
                    httpMethod: get
                    uri: https://example.com/items/{id}
                    passthroughBehavior: when_no_templates
                    contentHandling: CONVERT_TO_TEXT
                    timeoutInMillis: 5000
                    cacheNamespace: items
                    cacheKeyParameters: [method.request.path.id]
                    requestParameters: {integration.request.path.id: method.request.path.id}
                    requestTemplates: {application/json: '{"id": "$input.params(''id'')"}'}
                    responses:
                      default: {statusCode: 200}
                      "4\\d{2}":
                        statusCode: 400
                        responseParameters: {method.response.header.X-Error: "'yes'"}
                        responseTemplates: {application/json: '{"error": true}'}
                        contentHandling: CONVERT_TO_TEXT
            """).Api!.Paths[0].Methods["GET"].Method.MethodIntegration!;

        Assert.Equal("HTTP", integration.Type);
        Assert.Equal("GET", integration.HttpMethod);
        Assert.Equal("INTERNET", integration.ConnectionType);
        Assert.Equal("WHEN_NO_TEMPLATES", integration.PassthroughBehavior);
        Assert.Equal("CONVERT_TO_TEXT", integration.ContentHandling);
        Assert.Equal(5000, integration.TimeoutInMillis);
        Assert.Equal("items", integration.CacheNamespace);
        Assert.Equal(["method.request.path.id"], integration.CacheKeyParameters);
        Assert.Equal("""{"id": "$input.params('id')"}""", integration.RequestTemplates!["application/json"]);
        Assert.Null(integration.IntegrationResponses!["200"].SelectionPattern);
        var error = integration.IntegrationResponses["400"];
        Assert.Equal("4\\d{2}", error.SelectionPattern);
        Assert.Equal("'yes'", error.ResponseParameters!["method.response.header.X-Error"]);
        Assert.Equal("CONVERT_TO_TEXT", error.ContentHandling);
    }

    [Fact]
    public void Read_SecuritySchemes_AuthorizersIamAndApiKeys()
    {
        var api = Read("""
            {"swagger": "2.0", "info": {"title": "t"},
             "securityDefinitions": {
               "api_key": {"type": "apiKey", "name": "x-api-key", "in": "header"},
               "sigv4": {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "awsSigv4"},
               "tokens": {"type": "apiKey", "name": "Auth", "in": "header", "x-amazon-apigateway-authtype": "oauth2",
                 "x-amazon-apigateway-authorizer": {"type": "token", "authorizerUri": "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:auth/invocations",
                   "authorizerResultTtlInSeconds": 60, "identityValidationExpression": "^x"}},
               "pool": {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "cognito_user_pools",
                 "x-amazon-apigateway-authorizer": {"type": "cognito_user_pools", "providerARNs": ["arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_a"]}}},
             "security": [{"sigv4": []}],
             "paths": {"/a": {
               "get": {"security": [{"tokens": []}, {"api_key": []}]},
               "put": {"security": [{"pool": ["email"]}]},
               "post": {"security": [{"sigv4": []}]},
               "delete": {},
               "patch": {"security": []}}}}
            """).Api!;
        var methods = api.Paths[0].Methods;

        var tokens = Assert.Single(api.Authorizers, a => a.Name == "tokens");
        Assert.Equal(("TOKEN", "method.request.header.Auth", 60, "oauth2"), (tokens.Type, tokens.IdentitySource, tokens.AuthorizerResultTtlInSeconds, tokens.AuthType));
        var pool = Assert.Single(api.Authorizers, a => a.Name == "pool");
        Assert.Equal(("COGNITO_USER_POOLS", "method.request.header.Authorization", null), (pool.Type, pool.IdentitySource, pool.AuthorizerResultTtlInSeconds));
        Assert.Equal(("CUSTOM", "tokens", true), (methods["GET"].Method.AuthorizationType, methods["GET"].AuthorizerName, methods["GET"].Method.ApiKeyRequired));
        Assert.Equal(("COGNITO_USER_POOLS", "pool"), (methods["PUT"].Method.AuthorizationType, methods["PUT"].AuthorizerName));
        Assert.Equal(["email"], methods["PUT"].Method.AuthorizationScopes);
        Assert.Equal("AWS_IAM", methods["POST"].Method.AuthorizationType);

        // Root-level security applies to operations without their own, as AWS did in test_import_with_global_api_key_authorizer
        // (the developer guide's known issues say otherwise); "security: []" opts out.
        Assert.Equal("AWS_IAM", methods["DELETE"].Method.AuthorizationType);
        Assert.Equal("NONE", methods["PATCH"].Method.AuthorizationType);
    }

    [Fact]
    public void Read_ApiExtensions_ApiSettingsValidatorsAndGatewayResponses()
    {
        var api = Read("""
            {"swagger": "2.0", "info": {"title": "t", "description": "d", "version": "7"},
             "x-amazon-apigateway-api-key-source": "AUTHORIZER",
             "x-amazon-apigateway-binary-media-types": ["image/png"],
             "x-amazon-apigateway-minimum-compression-size": 1024,
             "x-amazon-apigateway-policy": {"Version": "2012-10-17", "Statement": []},
             "x-amazon-apigateway-endpoint-configuration": {"types": ["REGIONAL"], "disableExecuteApiEndpoint": true},
             "x-amazon-apigateway-request-validators": {"all": {"validateRequestBody": true, "validateRequestParameters": true},
                                                        "params": {"validateRequestParameters": true}},
             "x-amazon-apigateway-request-validator": "params",
             "x-amazon-apigateway-gateway-responses": {"DEFAULT_4XX": {"statusCode": 400,
                 "responseParameters": {"gatewayresponse.header.X-Why": "'because'"}, "responseTemplates": {"application/json": "{}"}}},
             "paths": {"/a": {"get": {"x-amazon-apigateway-request-validator": "all"}, "put": {}, "x-amazon-apigateway-any-method": {}}}}
            """).Api!;

        Assert.Equal(("t", "d", "7", "AUTHORIZER", 1024), (api.Name, api.Description, api.Version, api.ApiKeySource, api.MinimumCompressionSize));
        Assert.Equal(["image/png"], api.BinaryMediaTypes);
        Assert.Equal("""{"Version":"2012-10-17","Statement":[]}""", api.Policy);
        Assert.Equal(["REGIONAL"], api.EndpointTypes);
        Assert.True(api.DisableExecuteApiEndpoint);
        Assert.Equal([("all", true, true), ("params", false, true)], api.RequestValidators.Select(v => (v.Name!, v.ValidateRequestBody, v.ValidateRequestParameters)));
        Assert.Equal("all", api.Paths[0].Methods["GET"].ValidatorName);
        Assert.Equal("params", api.Paths[0].Methods["PUT"].ValidatorName);
        Assert.Equal(["GET", "PUT", "ANY"], api.Paths[0].Methods.Keys);
        var response = Assert.Single(api.GatewayResponses);
        Assert.Equal(("DEFAULT_4XX", "400"), (response.ResponseType, response.StatusCode));
        Assert.Equal("'because'", response.ResponseParameters!["gatewayresponse.header.X-Why"]);
    }
}
