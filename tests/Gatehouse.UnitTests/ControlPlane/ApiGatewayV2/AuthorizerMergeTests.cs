using Gatehouse.ControlPlane.ApiGatewayV2;
using Gatehouse.Model.HttpApis;
using static Gatehouse.UnitTests.ControlPlane.ApiGatewayV2.AuthorizerValidationTests;

namespace Gatehouse.UnitTests.ControlPlane.ApiGatewayV2;

/// <summary>UpdateAuthorizer is a partial update: what the request leaves out keeps its value.</summary>
public sealed class AuthorizerMergeTests
{
    [Fact]
    public void Merge_EmptyUpdate_ChangesNothing() =>
        Assert.Equal(LambdaAuthorizer, AuthorizerOperations.Merge(LambdaAuthorizer, new AuthorizerInput()));

    [Fact]
    public void Merge_SomeMembers_ChangesOnlyThose()
    {
        var merged = AuthorizerOperations.Merge(LambdaAuthorizer, new AuthorizerInput { Name = "renamed", AuthorizerResultTtlInSeconds = 60 });

        Assert.Equal(LambdaAuthorizer with { Name = "renamed", AuthorizerResultTtlInSeconds = 60 }, merged);
    }

    [Fact]
    public void Merge_JwtConfiguration_MergesIssuerAndAudienceSeparately()
    {
        var issuerOnly = AuthorizerOperations.Merge(JwtAuthorizer, new AuthorizerInput { JwtConfiguration = new JwtConfiguration { Issuer = "https://other.example.com" } });
        var audienceOnly = AuthorizerOperations.Merge(JwtAuthorizer, new AuthorizerInput { JwtConfiguration = new JwtConfiguration { Audience = ["x", "y"] } });

        Assert.Equal("https://other.example.com", issuerOnly.JwtConfiguration!.Issuer);
        Assert.Equal(JwtAuthorizer.JwtConfiguration!.Audience, issuerOnly.JwtConfiguration.Audience);
        Assert.Equal(JwtAuthorizer.JwtConfiguration.Issuer, audienceOnly.JwtConfiguration!.Issuer);
        Assert.Equal(["x", "y"], audienceOnly.JwtConfiguration.Audience);
    }

    [Fact]
    public void Merge_EmptyCredentialsArn_RemovesTheRole()
    {
        var withRole = LambdaAuthorizer with { AuthorizerCredentialsArn = "arn:aws:iam::000000000000:role/r" };

        Assert.Null(AuthorizerOperations.Merge(withRole, new AuthorizerInput { AuthorizerCredentialsArn = "" }).AuthorizerCredentialsArn);
    }

    [Fact]
    public void Merge_NewType_DropsTheOldTypesSettings()
    {
        var merged = AuthorizerOperations.Merge(LambdaAuthorizer, new AuthorizerInput
        {
            AuthorizerType = AuthorizerTypes.Jwt,
            JwtConfiguration = new JwtConfiguration { Issuer = "https://issuer.example.com", Audience = ["a"] },
        });

        Assert.Equal(AuthorizerTypes.Jwt, merged.AuthorizerType);
        Assert.Null(merged.AuthorizerUri);
        Assert.Null(merged.AuthorizerPayloadFormatVersion);
        Assert.Null(merged.AuthorizerResultTtlInSeconds);
        Assert.Null(merged.EnableSimpleResponses);
        Assert.Equal(LambdaAuthorizer.Name, merged.Name);
        Assert.Equal(LambdaAuthorizer.IdentitySource, merged.IdentitySource);
        Assert.Equal("https://issuer.example.com", merged.JwtConfiguration!.Issuer);
    }
}
