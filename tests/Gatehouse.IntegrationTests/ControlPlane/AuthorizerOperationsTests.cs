using System.Net;
using System.Text.Json;
using Gatehouse.IntegrationTests.Infrastructure;
using static Gatehouse.IntegrationTests.ControlPlane.ApiOperationsTests;

namespace Gatehouse.IntegrationTests.ControlPlane;

/// <summary>CreateAuthorizer, GetAuthorizer, GetAuthorizers, UpdateAuthorizer, DeleteAuthorizer, and routes that use them.</summary>
[Collection(Collections.ControlPlane)]
public sealed class AuthorizerOperationsTests(GatehouseFixture fixture)
{
    internal const string FunctionUri =
        "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:authorize/invocations";

    private ControlPlaneClient Control => fixture.Control;

    private static object JwtBody(string name = "jwt") => new
    {
        name,
        authorizerType = "JWT",
        identitySource = new[] { "$request.header.Authorization" },
        jwtConfiguration = new { audience = new[] { "my-client" }, issuer = "https://issuer.example.com" },
    };

    private static object LambdaBody(string name = "lambda") => new
    {
        name,
        authorizerType = "REQUEST",
        authorizerUri = FunctionUri,
        authorizerPayloadFormatVersion = "2.0",
        enableSimpleResponses = true,
        identitySource = new[] { "$request.header.Authorization" },
    };

    private async Task<string> CreateAuthorizerAsync(string apiId, object body) =>
        (await Control.PostAsync($"/v2/apis/{apiId}/authorizers", body)).ShouldBe(HttpStatusCode.Created).Member("authorizerId");

    [Fact]
    public async Task CreateAuthorizer_Jwt_Returns201WithTheJwtMembersOnly()
    {
        var apiId = await Control.CreateApiAsync();

        var authorizer = (await Control.PostAsync($"/v2/apis/{apiId}/authorizers", JwtBody())).ShouldBe(HttpStatusCode.Created).Json;

        Assert.Matches("^[a-z0-9]{7}$", authorizer.GetProperty("authorizerId").GetString());
        Assert.Equal("jwt", authorizer.GetProperty("name").GetString());
        Assert.Equal("JWT", authorizer.GetProperty("authorizerType").GetString());
        Assert.Equal("$request.header.Authorization", Assert.Single(authorizer.GetProperty("identitySource").EnumerateArray()).GetString());
        Assert.Equal("https://issuer.example.com", authorizer.GetProperty("jwtConfiguration").GetProperty("issuer").GetString());
        Assert.Equal("my-client", Assert.Single(authorizer.GetProperty("jwtConfiguration").GetProperty("audience").EnumerateArray()).GetString());
        // As AWS answers for a JWT authorizer (getmoto/moto#5144): no Lambda members at all.
        Assert.Equal(["authorizerId", "authorizerType", "identitySource", "jwtConfiguration", "name"],
            authorizer.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task CreateAuthorizer_Lambda_Returns201AndGetReturnsTheSame()
    {
        var apiId = await Control.CreateApiAsync();

        var created = (await Control.PostAsync($"/v2/apis/{apiId}/authorizers", LambdaBody())).ShouldBe(HttpStatusCode.Created).Json;
        var fetched = (await Control.GetAsync($"/v2/apis/{apiId}/authorizers/{created.GetProperty("authorizerId").GetString()}"))
            .ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal(created.ToString(), fetched.ToString());
        Assert.Equal("REQUEST", created.GetProperty("authorizerType").GetString());
        Assert.Equal(FunctionUri, created.GetProperty("authorizerUri").GetString());
        Assert.Equal("2.0", created.GetProperty("authorizerPayloadFormatVersion").GetString());
        Assert.True(created.GetProperty("enableSimpleResponses").GetBoolean());
        Assert.Equal(0, created.GetProperty("authorizerResultTtlInSeconds").GetInt32());
    }

    [Fact]
    public async Task CreateAuthorizer_LambdaWithoutOptionalMembers_DefaultsToNoCachingAndPolicyAnswers()
    {
        var apiId = await Control.CreateApiAsync();

        var created = (await Control.PostAsync($"/v2/apis/{apiId}/authorizers", new
        {
            name = "minimal",
            authorizerType = "REQUEST",
            authorizerUri = FunctionUri,
            authorizerPayloadFormatVersion = "1.0",
        })).ShouldBe(HttpStatusCode.Created).Json;

        Assert.Equal(0, created.GetProperty("authorizerResultTtlInSeconds").GetInt32());
        Assert.False(created.GetProperty("enableSimpleResponses").GetBoolean());
        Assert.False(created.TryGetProperty("identitySource", out _));
    }

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"authorizerType":"JWT","identitySource":["$request.header.Authorization"],"jwtConfiguration":{"audience":["a"],"issuer":"https://i.example.com"}}""", "Name is required" },
        { """{"name":"n","identitySource":["$request.header.Authorization"]}""", "AuthorizerType is required" },
        { """{"name":"n","authorizerType":"TOKEN","identitySource":["$request.header.Authorization"]}""", "Invalid AuthorizerType 'TOKEN'" },
        { """{"name":"n","authorizerType":"JWT","identitySource":["$request.header.Authorization"]}""", "JwtConfiguration is required" },
        { """{"name":"n","authorizerType":"JWT","identitySource":["$request.header.Authorization"],"jwtConfiguration":{"audience":["a"]}}""", "JwtConfiguration.Issuer is required" },
        { """{"name":"n","authorizerType":"JWT","identitySource":["$request.header.Authorization"],"jwtConfiguration":{"audience":["a"],"issuer":"http://issuer.example.com"}}""", "Invalid JwtConfiguration.Issuer 'http://issuer.example.com'" },
        { """{"name":"n","authorizerType":"JWT","identitySource":["$request.header.Authorization"],"jwtConfiguration":{"issuer":"https://i.example.com"}}""", "JwtConfiguration.Audience is required" },
        { """{"name":"n","authorizerType":"JWT","identitySource":["$request.header.A","$request.header.B"],"jwtConfiguration":{"audience":["a"],"issuer":"https://i.example.com"}}""", "Invalid IdentitySource" },
        { """{"name":"n","authorizerType":"JWT","identitySource":["$context.routeKey"],"jwtConfiguration":{"audience":["a"],"issuer":"https://i.example.com"}}""", "Invalid IdentitySource" },
        { $$"""{"name":"n","authorizerType":"JWT","identitySource":["$request.header.Authorization"],"jwtConfiguration":{"audience":["a"],"issuer":"https://i.example.com"},"authorizerUri":"{{FunctionUri}}"}""", "AuthorizerUri applies to REQUEST (Lambda) authorizers only" },
        { """{"name":"n","authorizerType":"REQUEST","authorizerPayloadFormatVersion":"2.0"}""", "AuthorizerUri is required for REQUEST authorizers" },
        { """{"name":"n","authorizerType":"REQUEST","authorizerPayloadFormatVersion":"2.0","authorizerUri":"arn:aws:lambda:us-east-1:000000000000:function:f"}""", "Invalid AuthorizerUri" },
        { $$"""{"name":"n","authorizerType":"REQUEST","authorizerUri":"{{FunctionUri}}"}""", "AuthorizerPayloadFormatVersion is a required parameter for REQUEST authorizer" },
        { $$"""{"name":"n","authorizerType":"REQUEST","authorizerUri":"{{FunctionUri}}","authorizerPayloadFormatVersion":"3.0"}""", "Invalid AuthorizerPayloadFormatVersion '3.0'" },
        { $$"""{"name":"n","authorizerType":"REQUEST","authorizerUri":"{{FunctionUri}}","authorizerPayloadFormatVersion":"1.0","enableSimpleResponses":true}""", "EnableSimpleResponses can only be true with AuthorizerPayloadFormatVersion 2.0" },
        { $$"""{"name":"n","authorizerType":"REQUEST","authorizerUri":"{{FunctionUri}}","authorizerPayloadFormatVersion":"2.0","identitySource":["$request.header.a"],"authorizerResultTtlInSeconds":3601}""", "Invalid AuthorizerResultTtlInSeconds 3601" },
        { $$"""{"name":"n","authorizerType":"REQUEST","authorizerUri":"{{FunctionUri}}","authorizerPayloadFormatVersion":"2.0","authorizerResultTtlInSeconds":300}""", "Identity source must be set if authorizer caching is enabled (TTL is greater than 0)" },
        { $$"""{"name":"n","authorizerType":"REQUEST","authorizerUri":"{{FunctionUri}}","authorizerPayloadFormatVersion":"2.0","identitySource":["$request.path.id"]}""", "Invalid identity source '$request.path.id'" },
        { $$"""{"name":"n","authorizerType":"REQUEST","authorizerUri":"{{FunctionUri}}","authorizerPayloadFormatVersion":"2.0","authorizerCredentialsArn":"not-an-arn"}""", "Invalid AuthorizerCredentialsArn 'not-an-arn'" },
        { $$"""{"name":"n","authorizerType":"REQUEST","authorizerUri":"{{FunctionUri}}","authorizerPayloadFormatVersion":"2.0","identityValidationExpression":".*"}""", "IdentityValidationExpression" },
        { """{"name":"n","authorizerType":"REQUEST","authorizerResultTtlInSeconds":"soon"}""", "Invalid request body at 'authorizerResultTtlInSeconds'" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task CreateAuthorizer_InvalidBody_Returns400NamingTheMember(string body, string expected)
    {
        var apiId = await Control.CreateApiAsync();

        var message = (await Control.PostAsync($"/v2/apis/{apiId}/authorizers", body)).ShouldBeError(HttpStatusCode.BadRequest, "BadRequestException");

        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.Empty(Items(await Control.GetAsync($"/v2/apis/{apiId}/authorizers")));
    }

    [Fact]
    public async Task CreateAuthorizer_LoopbackHttpIssuer_IsAcceptedForLocalIdentityProviders()
    {
        var apiId = await Control.CreateApiAsync();

        var created = (await Control.PostAsync($"/v2/apis/{apiId}/authorizers", new
        {
            name = "local",
            authorizerType = "JWT",
            identitySource = new[] { "$request.header.Authorization" },
            jwtConfiguration = new { audience = new[] { "a" }, issuer = "http://localhost:8081/realms/dev" },
        })).ShouldBe(HttpStatusCode.Created).Json;

        Assert.Equal("http://localhost:8081/realms/dev", created.GetProperty("jwtConfiguration").GetProperty("issuer").GetString());
    }

    [Fact]
    public async Task CreateAuthorizer_SameNameTwice_Returns400WithAwsText()
    {
        var apiId = await Control.CreateApiAsync();
        await CreateAuthorizerAsync(apiId, JwtBody("dup"));

        var message = (await Control.PostAsync($"/v2/apis/{apiId}/authorizers", LambdaBody("dup"))).ShouldBeError(HttpStatusCode.BadRequest, "BadRequestException");

        Assert.Equal("Authorizer name must be unique. Authorizer dup already exists in this RestApi.", message);
    }

    [Fact]
    public async Task CreateAuthorizer_Eleventh_Returns400NamingTheLimit()
    {
        var apiId = await Control.CreateApiAsync();
        for (var i = 0; i < 10; i++)
        {
            await CreateAuthorizerAsync(apiId, JwtBody("a" + i));
        }

        var message = (await Control.PostAsync($"/v2/apis/{apiId}/authorizers", JwtBody("a10"))).ShouldBeError(HttpStatusCode.BadRequest, "BadRequestException");

        Assert.Contains("at most 10 authorizers", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAuthorizer_UnknownApi_Returns404()
    {
        var message = (await Control.PostAsync("/v2/apis/nosuchapi0/authorizers", JwtBody())).ShouldBeError(HttpStatusCode.NotFound, "NotFoundException");

        Assert.Equal("Invalid API identifier specified 000000000000:nosuchapi0", message);
    }

    [Fact]
    public async Task GetAuthorizer_Unknown_Returns404NamingTheAuthorizer()
    {
        var apiId = await Control.CreateApiAsync();

        var message = (await Control.GetAsync($"/v2/apis/{apiId}/authorizers/nosuch1")).ShouldBeError(HttpStatusCode.NotFound, "NotFoundException");

        Assert.Equal("Invalid Authorizer identifier specified nosuch1", message);
    }

    [Fact]
    public async Task GetAuthorizers_WithMaxResults_PagesThroughEveryAuthorizer()
    {
        var apiId = await Control.CreateApiAsync();
        var names = new[] { "a", "b", "c", "d", "e" };
        foreach (var name in names)
        {
            await CreateAuthorizerAsync(apiId, JwtBody(name));
        }

        var first = (await Control.GetAsync($"/v2/apis/{apiId}/authorizers?maxResults=2")).ShouldBe(HttpStatusCode.OK).Json;
        var token = Uri.EscapeDataString(first.GetProperty("nextToken").GetString()!);
        var rest = (await Control.GetAsync($"/v2/apis/{apiId}/authorizers?maxResults=5&nextToken={token}")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal(2, first.GetProperty("items").GetArrayLength());
        Assert.False(rest.TryGetProperty("nextToken", out _));
        Assert.Equal(names, first.GetProperty("items").EnumerateArray().Concat(rest.GetProperty("items").EnumerateArray())
            .Select(a => a.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task UpdateAuthorizer_SomeMembers_ChangesOnlyThoseAndStoresThem()
    {
        var apiId = await Control.CreateApiAsync();
        var authorizerId = await CreateAuthorizerAsync(apiId, LambdaBody());

        var updated = (await Control.PatchAsync($"/v2/apis/{apiId}/authorizers/{authorizerId}", new { name = "renamed", authorizerResultTtlInSeconds = 60 }))
            .ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal("renamed", updated.GetProperty("name").GetString());
        Assert.Equal(60, updated.GetProperty("authorizerResultTtlInSeconds").GetInt32());
        Assert.Equal(FunctionUri, updated.GetProperty("authorizerUri").GetString());
        Assert.True(updated.GetProperty("enableSimpleResponses").GetBoolean());
        Assert.Equal(updated.ToString(), (await Control.GetAsync($"/v2/apis/{apiId}/authorizers/{authorizerId}")).Json.ToString());
    }

    [Fact]
    public async Task UpdateAuthorizer_JwtIssuerOnly_KeepsTheAudience()
    {
        var apiId = await Control.CreateApiAsync();
        var authorizerId = await CreateAuthorizerAsync(apiId, JwtBody());

        var jwt = (await Control.PatchAsync($"/v2/apis/{apiId}/authorizers/{authorizerId}", new { jwtConfiguration = new { issuer = "https://other.example.com/" } }))
            .ShouldBe(HttpStatusCode.OK).Json.GetProperty("jwtConfiguration");

        Assert.Equal("https://other.example.com/", jwt.GetProperty("issuer").GetString());
        Assert.Equal("my-client", Assert.Single(jwt.GetProperty("audience").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task UpdateAuthorizer_Invalid_Returns400AndKeepsTheAuthorizer()
    {
        var apiId = await Control.CreateApiAsync();
        var authorizerId = await CreateAuthorizerAsync(apiId, LambdaBody());

        var message = (await Control.PatchAsync($"/v2/apis/{apiId}/authorizers/{authorizerId}", new { authorizerPayloadFormatVersion = "1.0", identitySource = Array.Empty<string>(), authorizerResultTtlInSeconds = 10 }))
            .ShouldBeError(HttpStatusCode.BadRequest, "BadRequestException");

        Assert.Contains("EnableSimpleResponses", message, StringComparison.Ordinal);
        Assert.Contains("Identity source must be set", message, StringComparison.Ordinal);
        Assert.Equal("2.0", (await Control.GetAsync($"/v2/apis/{apiId}/authorizers/{authorizerId}")).Member("authorizerPayloadFormatVersion"));
    }

    [Fact]
    public async Task UpdateAuthorizer_TypeOfAnAuthorizerARouteUses_Returns409()
    {
        var apiId = await Control.CreateApiAsync();
        var authorizerId = await CreateAuthorizerAsync(apiId, JwtBody());
        await Control.CreateRouteAsync(apiId, "GET /pets", integrationId: null, new { authorizationType = "JWT", authorizerId });

        var message = (await Control.PatchAsync($"/v2/apis/{apiId}/authorizers/{authorizerId}", new
        {
            authorizerType = "REQUEST",
            authorizerUri = FunctionUri,
            authorizerPayloadFormatVersion = "2.0",
        })).ShouldBeError(HttpStatusCode.Conflict, "ConflictException");

        Assert.Contains("GET /pets", message, StringComparison.Ordinal);
        Assert.Equal("JWT", (await Control.GetAsync($"/v2/apis/{apiId}/authorizers/{authorizerId}")).Member("authorizerType"));
    }

    [Fact]
    public async Task UpdateAuthorizer_Unknown_Returns404() =>
        (await Control.PatchAsync($"/v2/apis/{await Control.CreateApiAsync()}/authorizers/nosuch1", new { name = "x" }))
            .ShouldBeError(HttpStatusCode.NotFound, "NotFoundException");

    [Fact]
    public async Task DeleteAuthorizer_Unused_Returns204AndItIsGone()
    {
        var apiId = await Control.CreateApiAsync();
        var authorizerId = await CreateAuthorizerAsync(apiId, JwtBody());

        (await Control.DeleteAsync($"/v2/apis/{apiId}/authorizers/{authorizerId}")).ShouldBe(HttpStatusCode.NoContent);

        (await Control.GetAsync($"/v2/apis/{apiId}/authorizers/{authorizerId}")).ShouldBeError(HttpStatusCode.NotFound, "NotFoundException");
        (await Control.DeleteAsync($"/v2/apis/{apiId}/authorizers/{authorizerId}")).ShouldBeError(HttpStatusCode.NotFound, "NotFoundException");
    }

    [Fact]
    public async Task DeleteAuthorizer_UsedByARoute_Returns409WithAwsTextUntilTheRouteLetsGo()
    {
        var apiId = await Control.CreateApiAsync();
        var authorizerId = await CreateAuthorizerAsync(apiId, LambdaBody("gatekeeper"));
        var routeId = await Control.CreateRouteAsync(apiId, "POST /orders", integrationId: null, new { authorizationType = "CUSTOM", authorizerId });

        var message = (await Control.DeleteAsync($"/v2/apis/{apiId}/authorizers/{authorizerId}")).ShouldBeError(HttpStatusCode.Conflict, "ConflictException");
        Assert.Equal("Cannot delete authorizer 'gatekeeper', is referenced in route: POST /orders", message);

        (await Control.PatchAsync($"/v2/apis/{apiId}/routes/{routeId}", new { authorizationType = "NONE" })).ShouldBe(HttpStatusCode.OK);
        (await Control.DeleteAsync($"/v2/apis/{apiId}/authorizers/{authorizerId}")).ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task CreateRoute_JwtWithScopes_StoresAndEchoesTheAuthorization()
    {
        var apiId = await Control.CreateApiAsync();
        var authorizerId = await CreateAuthorizerAsync(apiId, JwtBody());

        var route = (await Control.PostAsync($"/v2/apis/{apiId}/routes", new
        {
            routeKey = "GET /pets",
            authorizationType = "JWT",
            authorizerId,
            authorizationScopes = new[] { "pets/read", "pets/write" },
        })).ShouldBe(HttpStatusCode.Created).Json;

        Assert.Equal("JWT", route.GetProperty("authorizationType").GetString());
        Assert.Equal(authorizerId, route.GetProperty("authorizerId").GetString());
        Assert.Equal(["pets/read", "pets/write"], route.GetProperty("authorizationScopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(route.ToString(), (await Control.GetAsync($"/v2/apis/{apiId}/routes/{route.GetProperty("routeId").GetString()}")).Json.ToString());
    }

    [Fact]
    public async Task CreateRoute_CustomAndAwsIam_AreAccepted()
    {
        var apiId = await Control.CreateApiAsync();
        var authorizerId = await CreateAuthorizerAsync(apiId, LambdaBody());

        var custom = (await Control.PostAsync($"/v2/apis/{apiId}/routes", new { routeKey = "GET /a", authorizationType = "CUSTOM", authorizerId }))
            .ShouldBe(HttpStatusCode.Created).Json;
        var iam = (await Control.PostAsync($"/v2/apis/{apiId}/routes", new { routeKey = "GET /b", authorizationType = "AWS_IAM" }))
            .ShouldBe(HttpStatusCode.Created).Json;

        Assert.Equal(authorizerId, custom.GetProperty("authorizerId").GetString());
        Assert.Equal("AWS_IAM", iam.GetProperty("authorizationType").GetString());
        Assert.False(iam.TryGetProperty("authorizerId", out _));
    }

    public static TheoryData<string, string> InvalidRouteAuthorizations => new()
    {
        { """{"routeKey":"GET /x","authorizationType":"JWT"}""", "Invalid authorizer ID specified. Setting the authorization type to JWT requires a valid JWT authorizer." },
        { """{"routeKey":"GET /x","authorizationType":"JWT","authorizerId":"nosuch1"}""", "Invalid authorizer ID specified. Setting the authorization type to JWT requires a valid JWT authorizer." },
        { """{"routeKey":"GET /x","authorizationType":"JWT","authorizerId":"{lambda}"}""", "Invalid authorizer ID specified. Setting the authorization type to JWT requires a valid JWT authorizer." },
        { """{"routeKey":"GET /x","authorizationType":"CUSTOM","authorizerId":"{jwt}"}""", "Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer." },
        { """{"routeKey":"GET /x","authorizationType":"CUSTOM"}""", "Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer." },
        { """{"routeKey":"GET /x","authorizationType":"NONE","authorizerId":"{jwt}"}""", "AuthorizerId cannot be set on a route whose AuthorizationType is NONE" },
        { """{"routeKey":"GET /x","authorizationType":"AWS_IAM","authorizerId":"{jwt}"}""", "AuthorizerId cannot be set on a route whose AuthorizationType is AWS_IAM" },
        { """{"routeKey":"GET /x","authorizerId":"{jwt}"}""", "AuthorizerId cannot be set on a route whose AuthorizationType is NONE" },
        { """{"routeKey":"GET /x","authorizationType":"CUSTOM","authorizerId":"{lambda}","authorizationScopes":["read"]}""", "Invalid Route authorization type specified. Authorization Scopes are only valid for COGNITO_USER_POOLS and JWT authorization types" },
        { """{"routeKey":"GET /x","authorizationScopes":["read"]}""", "Invalid Route authorization type specified. Authorization Scopes are only valid for COGNITO_USER_POOLS and JWT authorization types" },
        { """{"routeKey":"GET /x","authorizationType":"JWT","authorizerId":"{jwt}","authorizationScopes":["1","2","3","4","5","6","7","8","9","10","11"]}""", "AuthorizationScopes must hold at most 10 scopes" },
        { """{"routeKey":"GET /x","authorizationType":"COGNITO_USER_POOLS"}""", "Invalid AuthorizationType 'COGNITO_USER_POOLS': must be one of [NONE, AWS_IAM, CUSTOM, JWT]" },
    };

    [Theory]
    [MemberData(nameof(InvalidRouteAuthorizations))]
    public async Task CreateRoute_InvalidAuthorization_Returns400WithTheMessage(string body, string expected)
    {
        var apiId = await Control.CreateApiAsync();
        var jwt = await CreateAuthorizerAsync(apiId, JwtBody());
        var lambda = await CreateAuthorizerAsync(apiId, LambdaBody());

        var message = (await Control.PostAsync($"/v2/apis/{apiId}/routes", body.Replace("{jwt}", jwt, StringComparison.Ordinal).Replace("{lambda}", lambda, StringComparison.Ordinal)))
            .ShouldBeError(HttpStatusCode.BadRequest, "BadRequestException");

        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.Empty(Items(await Control.GetAsync($"/v2/apis/{apiId}/routes")));
    }

    [Fact]
    public async Task UpdateRoute_ToNone_DetachesTheAuthorizerAndScopes()
    {
        var apiId = await Control.CreateApiAsync();
        var authorizerId = await CreateAuthorizerAsync(apiId, JwtBody());
        var routeId = await Control.CreateRouteAsync(apiId, "GET /pets", integrationId: null,
            new { authorizationType = "JWT", authorizerId, authorizationScopes = new[] { "read" } });

        var route = (await Control.PatchAsync($"/v2/apis/{apiId}/routes/{routeId}", new { authorizationType = "NONE" })).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal("NONE", route.GetProperty("authorizationType").GetString());
        Assert.False(route.TryGetProperty("authorizerId", out _));
        Assert.False(route.TryGetProperty("authorizationScopes", out _));
    }

    [Fact]
    public async Task UpdateRoute_ScopesOnly_KeepsTheAuthorizer()
    {
        var apiId = await Control.CreateApiAsync();
        var authorizerId = await CreateAuthorizerAsync(apiId, JwtBody());
        var routeId = await Control.CreateRouteAsync(apiId, "GET /pets", integrationId: null, new { authorizationType = "JWT", authorizerId });

        var route = (await Control.PatchAsync($"/v2/apis/{apiId}/routes/{routeId}", new { authorizationScopes = new[] { "admin" } })).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal(authorizerId, route.GetProperty("authorizerId").GetString());
        Assert.Equal("admin", Assert.Single(route.GetProperty("authorizationScopes").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task UpdateRoute_AuthorizerOfTheWrongType_Returns400AndKeepsTheRoute()
    {
        var apiId = await Control.CreateApiAsync();
        var jwt = await CreateAuthorizerAsync(apiId, JwtBody());
        var lambda = await CreateAuthorizerAsync(apiId, LambdaBody());
        var routeId = await Control.CreateRouteAsync(apiId, "GET /pets", integrationId: null, new { authorizationType = "JWT", authorizerId = jwt });

        var message = (await Control.PatchAsync($"/v2/apis/{apiId}/routes/{routeId}", new { authorizerId = lambda }))
            .ShouldBeError(HttpStatusCode.BadRequest, "BadRequestException");

        Assert.Equal("Invalid authorizer ID specified. Setting the authorization type to JWT requires a valid JWT authorizer.", message);
        Assert.Equal(jwt, (await Control.GetAsync($"/v2/apis/{apiId}/routes/{routeId}")).Member("authorizerId"));
    }

    [Fact]
    public async Task AuthorizerChanges_RedeployAutoDeployStagesOnly()
    {
        var apiId = await Control.CreateApiAsync();
        var authorizerId = await CreateAuthorizerAsync(apiId, JwtBody());
        await Control.CreateRouteAsync(apiId, "GET /pets", integrationId: null, new { authorizationType = "JWT", authorizerId });
        await Control.CreateStageAsync(apiId, "manual");
        await Control.DeployAsync(apiId, "manual");
        await Control.CreateStageAsync(apiId, "auto", new { autoDeploy = true });
        var manualBefore = (await Control.GetAsync($"/v2/apis/{apiId}/stages/manual")).Member("deploymentId");
        var autoBefore = (await Control.GetAsync($"/v2/apis/{apiId}/stages/auto")).Member("deploymentId");

        foreach (var change in new Func<Task<ControlPlaneResponse>>[]
        {
            () => Control.PatchAsync($"/v2/apis/{apiId}/authorizers/{authorizerId}", new { jwtConfiguration = new { issuer = "https://new.example.com" } }),
            () => Control.PostAsync($"/v2/apis/{apiId}/authorizers", LambdaBody()),
        })
        {
            var response = await change();
            Assert.True(response.Status is HttpStatusCode.OK or HttpStatusCode.Created, $"{response.Request}: {response.Text}");
            var auto = (await Control.GetAsync($"/v2/apis/{apiId}/stages/auto")).Member("deploymentId");
            Assert.NotEqual(autoBefore, auto);
            autoBefore = auto;
        }

        Assert.Equal(manualBefore, (await Control.GetAsync($"/v2/apis/{apiId}/stages/manual")).Member("deploymentId"));
        var deployment = (await Control.GetAsync($"/v2/apis/{apiId}/deployments/{autoBefore}")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.True(deployment.GetProperty("autoDeployed").GetBoolean());
    }

    [ServiceModelFact]
    public async Task AuthorizerAnswers_UseTheModelsMembersAndSuccessCodes()
    {
        var apiId = await Control.CreateApiAsync();
        var created = await Control.PostAsync($"/v2/apis/{apiId}/authorizers", LambdaBody());
        var jwt = await Control.PostAsync($"/v2/apis/{apiId}/authorizers", JwtBody());
        var lambdaId = created.Member("authorizerId");

        var calls = new (string Operation, string Shape, ControlPlaneResponse Response)[]
        {
            ("CreateAuthorizer", "CreateAuthorizerResponse", created),
            ("CreateAuthorizer", "CreateAuthorizerResponse", jwt),
            ("GetAuthorizer", "GetAuthorizerResponse", await Control.GetAsync($"/v2/apis/{apiId}/authorizers/{lambdaId}")),
            ("GetAuthorizers", "GetAuthorizersResponse", await Control.GetAsync($"/v2/apis/{apiId}/authorizers")),
            ("UpdateAuthorizer", "UpdateAuthorizerResponse", await Control.PatchAsync($"/v2/apis/{apiId}/authorizers/{lambdaId}", new { name = "x" })),
            ("DeleteAuthorizer", "", await Control.DeleteAsync($"/v2/apis/{apiId}/authorizers/{lambdaId}")),
        };

        foreach (var (operation, shape, response) in calls)
        {
            Assert.True((int)response.Status == ServiceModel.SuccessCode(operation), $"{operation}: expected {ServiceModel.SuccessCode(operation)}, got {response.Status}");
            if (shape.Length > 0)
            {
                AssertMembers(shape, response.Json);
            }
        }

        AssertMembers("JWTConfiguration", jwt.Json.GetProperty("jwtConfiguration"));
        foreach (var item in (await Control.GetAsync($"/v2/apis/{apiId}/authorizers")).Json.GetProperty("items").EnumerateArray())
        {
            AssertMembers("Authorizer", item);
            Assert.Contains(item.GetProperty("authorizerType").GetString(), ServiceModel.EnumValues("AuthorizerType"));
        }
    }

    private static void AssertMembers(string shape, JsonElement json)
    {
        var allowed = ServiceModel.BodyMembers(shape);
        var unknown = json.EnumerateObject().Select(p => p.Name).Where(n => !allowed.Contains(n)).ToList();
        Assert.True(unknown.Count == 0, $"{shape}: members not in the botocore model: {string.Join(", ", unknown)}");
    }
}
