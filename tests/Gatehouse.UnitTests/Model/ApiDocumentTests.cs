using System.Text.Json;
using Gatehouse.Model;
using Gatehouse.Model.HttpApis;

namespace Gatehouse.UnitTests.Model;

public sealed class ApiDocumentTests
{
    private static readonly Authorizer Jwt = new()
    {
        AuthorizerId = "auth001",
        Name = "jwt",
        AuthorizerType = AuthorizerTypes.Jwt,
        IdentitySource = ["$request.header.Authorization"],
        JwtConfiguration = new JwtConfiguration { Audience = ["a"], Issuer = "https://issuer.example.com" },
    };

    private static ApiDocument Document() => new()
    {
        Api = new Api { ApiId = "abcdefghij", Name = "n", ProtocolType = "HTTP", RouteSelectionExpression = "$request.method $request.path" },
        Routes = [new Route { RouteId = "r1", RouteKey = "GET /pets", AuthorizationType = AuthorizationTypes.Jwt, AuthorizerId = "auth001" }],
        Authorizers = [Jwt],
    };

    [Fact]
    public void Snapshot_FreezesTheAuthorizersWithTheRoutes()
    {
        var snapshot = Document().Snapshot("dep0001");

        Assert.Equal(Jwt, Assert.Single(snapshot.Authorizers));
        Assert.Equal("auth001", Assert.Single(snapshot.Routes).AuthorizerId);
    }

    [Fact]
    public void FindAuthorizer_ById_FindsItOrNothing()
    {
        Assert.Equal(Jwt, Document().FindAuthorizer("auth001"));
        Assert.Null(Document().FindAuthorizer("nosuch1"));
    }

    [Fact]
    public void Authorizer_JsonRoundTrip_KeepsEveryMemberUnderAwsNames()
    {
        var request = new Authorizer
        {
            AuthorizerId = "auth002",
            Name = "lambda",
            AuthorizerType = AuthorizerTypes.Request,
            AuthorizerCredentialsArn = "arn:aws:iam::000000000000:role/invoker",
            AuthorizerPayloadFormatVersion = "2.0",
            AuthorizerResultTtlInSeconds = 300,
            AuthorizerUri = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:auth/invocations",
            EnableSimpleResponses = true,
            IdentitySource = ["$request.header.x-token", "$context.routeKey"],
        };

        var json = JsonSerializer.Serialize(request, ModelJson.Options);
        var back = JsonSerializer.Deserialize<Authorizer>(json, ModelJson.Options)!;

        Assert.Equal(request.IdentitySource, back.IdentitySource);
        Assert.Equal(request with { IdentitySource = back.IdentitySource }, back);
        using var parsed = JsonDocument.Parse(json);
        Assert.Equal(
            ["authorizerId", "name", "authorizerType", "authorizerCredentialsArn", "authorizerPayloadFormatVersion", "authorizerResultTtlInSeconds",
                "authorizerUri", "enableSimpleResponses", "identitySource"],
            parsed.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void DeploymentSnapshot_StoredBeforeAuthorizersExisted_ReadsWithNone()
    {
        const string Stored = """{"deploymentId":"dep0001","disableExecuteApiEndpoint":false,"routes":[],"integrations":[]}""";

        var snapshot = JsonSerializer.Deserialize<DeploymentSnapshot>(Stored, ModelJson.Options)!;

        Assert.Empty(snapshot.Authorizers);
    }

    [Fact]
    public void ApiDocument_StoredBeforeAuthorizersExisted_ReadsWithNone()
    {
        const string Stored = """{"api":{"apiId":"abcdefghij","name":"n","protocolType":"HTTP","routeSelectionExpression":"x"},"routes":[]}""";

        var document = JsonSerializer.Deserialize<ApiDocument>(Stored, ModelJson.Options)!;

        Assert.Empty(document.Authorizers);
    }
}
