using Gatehouse.DataPlane;
using Gatehouse.DataPlane.Authorization.Jwt;
using Gatehouse.DataPlane.RestApis.Authorization;
using Gatehouse.Store.State;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gatehouse.UnitTests.DataPlane.RestApis.Authorization;

/// <summary>REST authorizers' identity sources (facts §7.3) and Cognito issuers (facts §7.4).</summary>
public sealed class RestIdentitySourceTests
{
    [Theory]
    [InlineData("method.request.header.Authorization", "Authorization")]
    [InlineData(" method.request.querystring.token ", "token")]
    [InlineData("stageVariables.key", "key")]
    [InlineData("context.httpMethod", "httpMethod")]
    public void TryParse_AwsForms_ReadTheirName(string expression, string name)
    {
        Assert.True(RestIdentitySource.TryParse(expression, out var source));
        Assert.Equal(name, source!.Name);
    }

    [Theory]
    [InlineData("method.request.path.id")]
    [InlineData("$request.header.Authorization")]
    [InlineData("method.request.header.")]
    [InlineData("Authorization")]
    public void TryParse_OtherForms_AreRefused(string expression) => Assert.False(RestIdentitySource.TryParse(expression, out _));

    [Fact]
    public void ParseList_CommaSeparated_KeepsTheOrder()
    {
        var sources = RestIdentitySource.ParseList("method.request.header.a, method.request.querystring.b,stageVariables.c");

        Assert.Equal(["a", "b", "c"], sources.Select(s => s.Name));
        Assert.Empty(RestIdentitySource.ParseList(null));
        Assert.Throws<FormatException>(() => RestIdentitySource.ParseList("method.request.header.a, nonsense"));
    }

    [Theory]
    [InlineData(null, "arn:aws:cognito-idp:eu-west-1:111122223333:userpool/eu-west-1_AbC", "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC")]
    [InlineData("http://127.0.0.1:9229/", "arn:aws:cognito-idp:us-east-1:000000000000:userpool/local_pool", "http://127.0.0.1:9229/local_pool")]
    public void Issuer_OfAUserPoolArn_IsTheEndpointAndThePoolId(string? endpoint, string arn, string issuer)
    {
        using var jwt = new JwtValidator();
        var authorizers = new RestAuthorizers(new DataPlaneOptions { CognitoIdpEndpoint = endpoint }, new InMemoryStateStore(TimeProvider.System), jwt,
            NullLogger<RestAuthorizers>.Instance);

        Assert.Equal(issuer, authorizers.Issuer("a1", arn));
        Assert.Throws<InvalidOperationException>(() => authorizers.Issuer("a1", "arn:aws:cognito-idp:us-east-1:000000000000:identitypool/x"));
    }
}
