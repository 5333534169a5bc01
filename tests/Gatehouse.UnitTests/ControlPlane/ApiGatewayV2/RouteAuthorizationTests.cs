using Gatehouse.ControlPlane;
using Gatehouse.ControlPlane.ApiGatewayV2;
using Gatehouse.Model.HttpApis;
using static Gatehouse.UnitTests.ControlPlane.ApiGatewayV2.AuthorizerValidationTests;

namespace Gatehouse.UnitTests.ControlPlane.ApiGatewayV2;

public sealed class RouteAuthorizationTests
{
    private static readonly ApiDocument Document = new()
    {
        Api = new Api { ApiId = "abcdefghij", Name = "n", ProtocolType = "HTTP", RouteSelectionExpression = "$request.method $request.path" },
        Authorizers = [JwtAuthorizer, LambdaAuthorizer],
    };

    private static Route Route(string type, string? authorizerId = null, IReadOnlyList<string>? scopes = null) =>
        new() { RouteId = "r1", RouteKey = "GET /pets", AuthorizationType = type, AuthorizerId = authorizerId, AuthorizationScopes = scopes };

    private static string? Errors(Route route)
    {
        var validation = new Validation();
        RouteAuthorization.Validate(validation, Document, route);
        try
        {
            validation.ThrowIfAny();
            return null;
        }
        catch (AwsException e)
        {
            Assert.Equal("BadRequestException", e.ErrorType);
            return e.Message;
        }
    }

    [Fact]
    public void Validate_MatchingTypes_Pass()
    {
        Assert.Null(Errors(Route("NONE")));
        Assert.Null(Errors(Route("AWS_IAM")));
        Assert.Null(Errors(Route("JWT", JwtAuthorizer.AuthorizerId)));
        Assert.Null(Errors(Route("JWT", JwtAuthorizer.AuthorizerId, ["read", "write"])));
        Assert.Null(Errors(Route("CUSTOM", LambdaAuthorizer.AuthorizerId)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("nosuch1")]
    [InlineData("auth002")] // a REQUEST authorizer
    public void Validate_JwtWithoutAJwtAuthorizer_FailsWithAwsText(string? authorizerId) =>
        Assert.Equal("Invalid authorizer ID specified. Setting the authorization type to JWT requires a valid JWT authorizer.",
            Errors(Route("JWT", authorizerId)));

    [Theory]
    [InlineData(null)]
    [InlineData("nosuch1")]
    [InlineData("auth001")] // a JWT authorizer
    public void Validate_CustomWithoutALambdaAuthorizer_FailsWithAwsText(string? authorizerId) =>
        Assert.Equal("Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.",
            Errors(Route("CUSTOM", authorizerId)));

    [Theory]
    [InlineData("NONE")]
    [InlineData("AWS_IAM")]
    public void Validate_AuthorizerIdWithoutJwtOrCustom_FailsNamingAuthorizerId(string type) =>
        Assert.Contains($"AuthorizerId cannot be set on a route whose AuthorizationType is {type}", Errors(Route(type, JwtAuthorizer.AuthorizerId)), StringComparison.Ordinal);

    [Theory]
    [InlineData("NONE", null)]
    [InlineData("AWS_IAM", null)]
    [InlineData("CUSTOM", "auth002")]
    public void Validate_ScopesWithoutJwt_FailWithAwsText(string type, string? authorizerId) =>
        Assert.Equal("Invalid Route authorization type specified. Authorization Scopes are only valid for COGNITO_USER_POOLS and JWT authorization types",
            Errors(Route(type, authorizerId, ["read"])));

    [Fact]
    public void Validate_ElevenScopesOrAnOverlongScope_Fail()
    {
        var scopes = Enumerable.Range(0, 11).Select(i => "s" + i).ToList();

        Assert.Null(Errors(Route("JWT", JwtAuthorizer.AuthorizerId, scopes[..10])));
        Assert.Contains("at most 10 scopes", Errors(Route("JWT", JwtAuthorizer.AuthorizerId, scopes)), StringComparison.Ordinal);
        Assert.Contains("Invalid AuthorizationScopes entry", Errors(Route("JWT", JwtAuthorizer.AuthorizerId, [new string('s', 65)])), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("COGNITO_USER_POOLS")]
    [InlineData("jwt")]
    [InlineData("IAM")]
    public void Validate_UnknownType_FailsListingTheTypes(string type) =>
        Assert.Equal($"Invalid AuthorizationType '{type}': must be one of [NONE, AWS_IAM, CUSTOM, JWT]", Errors(Route(type)));
}
