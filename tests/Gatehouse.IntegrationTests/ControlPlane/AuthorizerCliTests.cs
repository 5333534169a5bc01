using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.ControlPlane;

/// <summary>Authorizers as the AWS CLI v2 manages them, with the commands of the developer guide.</summary>
[Collection(Collections.Cli)]
public sealed class AuthorizerCliTests(GatehouseFixture fixture)
{
    private AwsCli Cli => fixture.Cli;

    private async Task<string> CreateApiAsync() =>
        (await Cli.ApiGatewayV2Async("create-api", "--name", "authorized", "--protocol-type", "HTTP")).ShouldSucceed().Json.GetProperty("ApiId").GetString()!;

    [Fact]
    public async Task GivenAnHttpApi_WhenTheCliManagesJwtAndLambdaAuthorizers_ThenEachCommandAnswersAsAws()
    {
        var apiId = await CreateApiAsync();

        // create-authorizer, JWT, as in the developer guide.
        var jwt = (await Cli.ApiGatewayV2Async("create-authorizer", "--api-id", apiId, "--authorizer-type", "JWT", "--name", "cognito",
            "--identity-source", "$request.header.Authorization",
            "--jwt-configuration", "Audience=my-client,Issuer=https://cognito-idp.us-east-1.amazonaws.com/us-east-1_pool")).ShouldSucceed().Json;
        var jwtId = jwt.GetProperty("AuthorizerId").GetString()!;
        Assert.Equal("JWT", jwt.GetProperty("AuthorizerType").GetString());
        Assert.Equal("cognito", jwt.GetProperty("Name").GetString());
        Assert.Equal("$request.header.Authorization", Assert.Single(jwt.GetProperty("IdentitySource").EnumerateArray()).GetString());
        Assert.Equal("my-client", Assert.Single(jwt.GetProperty("JwtConfiguration").GetProperty("Audience").EnumerateArray()).GetString());
        Assert.Equal("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_pool", jwt.GetProperty("JwtConfiguration").GetProperty("Issuer").GetString());

        // create-authorizer, REQUEST (Lambda) with simple responses and caching.
        var lambda = (await Cli.ApiGatewayV2Async("create-authorizer", "--api-id", apiId, "--authorizer-type", "REQUEST", "--name", "lambda-authorizer",
            "--identity-source", "$request.header.Authorization", "$context.routeKey",
            "--authorizer-uri", AuthorizerOperationsTests.FunctionUri,
            "--authorizer-payload-format-version", "2.0", "--enable-simple-responses", "--authorizer-result-ttl-in-seconds", "300")).ShouldSucceed().Json;
        var lambdaId = lambda.GetProperty("AuthorizerId").GetString()!;
        Assert.Equal("REQUEST", lambda.GetProperty("AuthorizerType").GetString());
        Assert.Equal(AuthorizerOperationsTests.FunctionUri, lambda.GetProperty("AuthorizerUri").GetString());
        Assert.Equal("2.0", lambda.GetProperty("AuthorizerPayloadFormatVersion").GetString());
        Assert.True(lambda.GetProperty("EnableSimpleResponses").GetBoolean());
        Assert.Equal(300, lambda.GetProperty("AuthorizerResultTtlInSeconds").GetInt32());
        Assert.Equal(2, lambda.GetProperty("IdentitySource").GetArrayLength());

        // get-authorizer and get-authorizers.
        var fetched = (await Cli.ApiGatewayV2Async("get-authorizer", "--api-id", apiId, "--authorizer-id", lambdaId)).ShouldSucceed().Json;
        Assert.Equal(lambda.ToString(), fetched.ToString());
        var all = (await Cli.ApiGatewayV2Async("get-authorizers", "--api-id", apiId)).ShouldSucceed().Json.GetProperty("Items");
        Assert.Equal(new[] { jwtId, lambdaId }.Order(StringComparer.Ordinal),
            all.EnumerateArray().Select(a => a.GetProperty("AuthorizerId").GetString()!).Order(StringComparer.Ordinal));

        // update-authorizer: a partial update.
        var updated = (await Cli.ApiGatewayV2Async("update-authorizer", "--api-id", apiId, "--authorizer-id", jwtId,
            "--jwt-configuration", "Issuer=https://issuer.example.com/", "--name", "renamed")).ShouldSucceed().Json;
        Assert.Equal("renamed", updated.GetProperty("Name").GetString());
        Assert.Equal("https://issuer.example.com/", updated.GetProperty("JwtConfiguration").GetProperty("Issuer").GetString());
        Assert.Equal("my-client", Assert.Single(updated.GetProperty("JwtConfiguration").GetProperty("Audience").EnumerateArray()).GetString());

        // create-route with the JWT authorizer and scopes, as in the developer guide; then update-route to the Lambda one.
        var route = (await Cli.ApiGatewayV2Async("create-route", "--api-id", apiId, "--route-key", "GET /pets",
            "--authorization-type", "JWT", "--authorizer-id", jwtId, "--authorization-scopes", "pets/read", "pets/write")).ShouldSucceed().Json;
        var routeId = route.GetProperty("RouteId").GetString()!;
        Assert.Equal("JWT", route.GetProperty("AuthorizationType").GetString());
        Assert.Equal(jwtId, route.GetProperty("AuthorizerId").GetString());
        Assert.Equal(["pets/read", "pets/write"], route.GetProperty("AuthorizationScopes").EnumerateArray().Select(s => s.GetString()));
        var custom = (await Cli.ApiGatewayV2Async("update-route", "--api-id", apiId, "--route-id", routeId,
            "--authorization-type", "CUSTOM", "--authorizer-id", lambdaId)).ShouldSucceed().Json;
        Assert.Equal("CUSTOM", custom.GetProperty("AuthorizationType").GetString());
        Assert.Equal(lambdaId, custom.GetProperty("AuthorizerId").GetString());
        Assert.False(custom.TryGetProperty("AuthorizationScopes", out _), "scopes belong to JWT routes and go with the JWT authorizer");

        // delete-authorizer: refused while a route uses it, accepted once the route is back to NONE.
        var refused = (await Cli.ApiGatewayV2Async("delete-authorizer", "--api-id", apiId, "--authorizer-id", lambdaId)).ShouldFailWith("ConflictException", "DeleteAuthorizer");
        Assert.Equal("Cannot delete authorizer 'lambda-authorizer', is referenced in route: GET /pets", refused);
        (await Cli.ApiGatewayV2Async("update-route", "--api-id", apiId, "--route-id", routeId, "--authorization-type", "NONE")).ShouldSucceed();
        (await Cli.ApiGatewayV2Async("delete-authorizer", "--api-id", apiId, "--authorizer-id", lambdaId)).ShouldSucceed();
        var gone = (await Cli.ApiGatewayV2Async("get-authorizer", "--api-id", apiId, "--authorizer-id", lambdaId)).ShouldFailWith("NotFoundException", "GetAuthorizer");
        Assert.Equal("Invalid Authorizer identifier specified " + lambdaId, gone);
    }

    [Fact]
    public async Task CreateAuthorizer_LambdaWithoutPayloadFormatVersion_BadRequestExceptionWithAwsText()
    {
        var apiId = await CreateApiAsync();

        var result = await Cli.ApiGatewayV2Async("create-authorizer", "--api-id", apiId, "--authorizer-type", "REQUEST", "--name", "n",
            "--identity-source", "$request.header.Authorization", "--authorizer-uri", AuthorizerOperationsTests.FunctionUri);

        Assert.Equal("AuthorizerPayloadFormatVersion is a required parameter for REQUEST authorizer", result.ShouldFailWith("BadRequestException", "CreateAuthorizer"));
    }

    [Fact]
    public async Task CreateRoute_JwtWithoutAValidAuthorizer_BadRequestExceptionWithAwsText()
    {
        var apiId = await CreateApiAsync();

        var result = await Cli.ApiGatewayV2Async("create-route", "--api-id", apiId, "--route-key", "GET /pets", "--authorization-type", "JWT", "--authorizer-id", "nosuch1");

        Assert.Equal("Invalid authorizer ID specified. Setting the authorization type to JWT requires a valid JWT authorizer.",
            result.ShouldFailWith("BadRequestException", "CreateRoute"));
    }
}
