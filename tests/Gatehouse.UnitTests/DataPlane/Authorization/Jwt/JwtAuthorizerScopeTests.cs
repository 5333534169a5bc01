using System.Text;
using Gatehouse.DataPlane.Authorization.Jwt;

namespace Gatehouse.UnitTests.DataPlane.Authorization.Jwt;

/// <summary>
/// Given a route with <c>authorizationScopes</c>, a valid token must carry at least one of them in <c>scope</c> or
/// <c>scp</c>, else AWS answers 403 Forbidden; routes without scopes accept any valid token.
/// </summary>
public sealed class JwtAuthorizerScopeTests
{
    private static readonly string[] ReadScope = ["orders/read"];
    private static readonly string[] TwoRouteScopes = ["orders/write", "orders/read"];
    private static readonly string[] ScpArray = ["orders/read", "orders/write"];

    [Fact]
    public async Task AuthorizeAsync_ScopeClaimHasARouteScope_AuthorizedWithTheTokensScopes()
    {
        await using var bed = await JwtTestBed.StartAsync();

        var result = await bed.AuthorizeAsync(bed.Token(claims => claims["scope"] = "openid orders/read  profile"), TwoRouteScopes);

        Assert.True(result.IsAuthorized, result.ToString());
        Assert.Equal(["openid", "orders/read", "profile"], result.Scopes);
        Assert.Equal("openid orders/read  profile", result.Claims!["scope"]);
    }

    [Fact]
    public async Task AuthorizeAsync_ScpArrayHasARouteScope_Authorized()
    {
        await using var bed = await JwtTestBed.StartAsync();

        var result = await bed.AuthorizeAsync(bed.Token(claims => claims["scp"] = ScpArray), ReadScope);

        Assert.True(result.IsAuthorized, result.ToString());
        Assert.Equal(ScpArray, result.Scopes);
        Assert.Equal("[orders/read orders/write]", result.Claims!["scp"]);
    }

    [Fact]
    public async Task AuthorizeAsync_ScpStringHasARouteScope_Authorized()
    {
        await using var bed = await JwtTestBed.StartAsync();

        var result = await bed.AuthorizeAsync(bed.Token(claims => claims["scp"] = "orders/read orders/write"), ReadScope);

        Assert.True(result.IsAuthorized, result.ToString());
    }

    [Fact]
    public async Task AuthorizeAsync_NoRouteScopeInTheToken_ForbiddenWithInsufficientScope()
    {
        await using var bed = await JwtTestBed.StartAsync();

        var result = await bed.AuthorizeAsync(bed.Token(claims => claims["scope"] = "profile orders/readonly"), TwoRouteScopes);

        Assert.Equal(JwtAuthorizationOutcome.Forbidden, result.Outcome);
        Assert.Equal(JwtRejection.InsufficientScope, result.Rejection);
        Assert.Equal(403, result.StatusCode);
        Assert.Equal("{\"message\":\"Forbidden\"}", Encoding.UTF8.GetString(result.Body.Span));
        Assert.Equal(
            "Bearer scope=\"orders/write orders/read\" error=\"insufficient_scope\" error_description=\"the token does not have the required scopes\"",
            result.WwwAuthenticate);
        Assert.Null(result.Claims);
    }

    [Fact]
    public async Task AuthorizeAsync_RouteScopesAndATokenWithoutScopes_Forbidden()
    {
        await using var bed = await JwtTestBed.StartAsync();

        // An ID token: no scope, no scp.
        var result = await bed.AuthorizeAsync(bed.Token(), ReadScope);

        Assert.Equal(JwtAuthorizationOutcome.Forbidden, result.Outcome);
    }

    [Fact]
    public async Task AuthorizeAsync_ScopesCompareExactly_Forbidden()
    {
        await using var bed = await JwtTestBed.StartAsync();

        var result = await bed.AuthorizeAsync(bed.Token(claims => claims["scope"] = "Orders/Read orders/read/all"), ReadScope);

        Assert.Equal(JwtAuthorizationOutcome.Forbidden, result.Outcome);
    }

    [Fact]
    public async Task AuthorizeAsync_RouteWithoutScopes_AuthorizedWithNullScopesEvenIfTheTokenHasSome()
    {
        await using var bed = await JwtTestBed.StartAsync();
        var token = bed.Token(claims => claims["scope"] = "orders/read");

        var withoutScopes = await bed.AuthorizeAsync(token);
        var emptyScopes = await bed.AuthorizeAsync(token, []);

        // AWS sends "scopes": null for such routes (DefinitelyTyped#75458, a captured event).
        Assert.True(withoutScopes.IsAuthorized);
        Assert.Null(withoutScopes.Scopes);
        Assert.Null(emptyScopes.Scopes);
    }

    [Fact]
    public async Task AuthorizeAsync_InvalidTokenOnAScopedRoute_UnauthorizedNotForbidden()
    {
        await using var bed = await JwtTestBed.StartAsync();

        var result = await bed.AuthorizeAsync(bed.Token(claims =>
        {
            claims["scope"] = "orders/read";
            claims["aud"] = "someone-else";
        }), ReadScope);

        Assert.Equal(JwtAuthorizationOutcome.Unauthorized, result.Outcome);
    }

    [Fact]
    public async Task AuthorizeAsync_SameTokenOnRoutesWithDifferentScopes_EachDecidedOnItsOwn()
    {
        await using var bed = await JwtTestBed.StartAsync();
        var token = bed.Token(claims => claims["scope"] = "orders/read");

        var read = await bed.AuthorizeAsync(token, ReadScope);
        var write = await bed.AuthorizeAsync(token, ["orders/write"]);
        var again = await bed.AuthorizeAsync(token, ReadScope);

        Assert.True(read.IsAuthorized);
        Assert.Equal(JwtAuthorizationOutcome.Forbidden, write.Outcome);
        Assert.True(again.IsAuthorized);
    }

    [Fact]
    public void InsufficientScope_ScopeWithQuotesOrNonAscii_HeaderStaysAValidQuotedString()
    {
        var challenge = JwtRejections.InsufficientScope(["a\"b", "c\\d", "é\r\n"]);

        Assert.Equal("Bearer scope=\"a\\\"b c\\\\d ???\" error=\"insufficient_scope\" error_description=\"the token does not have the required scopes\"", challenge);
    }
}
