using Gatehouse.Model.HttpApis;

namespace Gatehouse.UnitTests.Model;

public sealed class IdentitySourceExpressionTests
{
    [Theory]
    [InlineData("$request.header.Authorization", IdentitySourceKind.Header, "Authorization")]
    [InlineData("$request.header.x-api-key", IdentitySourceKind.Header, "x-api-key")]
    [InlineData("$request.querystring.token", IdentitySourceKind.QueryString, "token")]
    [InlineData("$context.routeKey", IdentitySourceKind.Context, "routeKey")]
    [InlineData("$context.identity.sourceIp", IdentitySourceKind.Context, "identity.sourceIp")]
    [InlineData("$stageVariables.tenant_id", IdentitySourceKind.StageVariable, "tenant_id")]
    public void TryParse_EachForm_GivesItsKindAndName(string expression, IdentitySourceKind kind, string name)
    {
        Assert.True(IdentitySourceExpression.TryParse(expression, out var source, out var error), error);

        Assert.Equal(kind, source.Kind);
        Assert.Equal(name, source.Name);
        Assert.Equal(expression, source.Expression);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("$request.header.")]
    [InlineData("$request.header.bad name")]
    [InlineData("$request.header.a:b")]
    [InlineData("$request.querystring.")]
    [InlineData("$request.querystring.a&b")]
    [InlineData("$request.path.id")]
    [InlineData("$request.body.token")]
    [InlineData("request.header.Authorization")]
    [InlineData("method.request.header.Authorization")]
    [InlineData("route.request.header.Authorization")]
    [InlineData("$context.")]
    [InlineData("$context.a b")]
    [InlineData("$stageVariables.a-b")]
    [InlineData("$Request.header.Authorization")]
    public void TryParse_AnythingElse_FailsNamingTheExpressionAndTheForms(string? expression)
    {
        Assert.False(IdentitySourceExpression.TryParse(expression, out _, out var error));

        Assert.Contains($"'{expression}'", error, StringComparison.Ordinal);
        Assert.Contains("$request.header.{name}", error, StringComparison.Ordinal);
        Assert.Contains("$stageVariables.{name}", error, StringComparison.Ordinal);
    }
}
