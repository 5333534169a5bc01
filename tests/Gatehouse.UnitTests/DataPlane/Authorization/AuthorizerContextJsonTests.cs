using System.Text.Json;
using Gatehouse.DataPlane.Authorization;
using Gatehouse.Identity;
using Gatehouse.UnitTests.DataPlane.Lambda;

namespace Gatehouse.UnitTests.DataPlane.Authorization;

/// <summary>
/// <c>requestContext.authorizer</c> (and 1.0's <c>requestContext.identity</c>) in the integration's event after an
/// authorizer let the request through (http-api-develop-integrations-lambda; facts §7).
/// </summary>
public sealed class AuthorizerContextJsonTests
{
    private static readonly AuthorizerOutput Iam = new()
    {
        Kind = AuthorizerKind.Iam,
        AccessKeyId = "AKIAEXAMPLE123456789",
        Caller = new CallerIdentity("111122223333", "arn:aws:iam::111122223333:user/ann", "AIDAEXAMPLE1234567890") { UserName = "ann" },
    };

    private static readonly AuthorizerOutput Jwt = new()
    {
        Kind = AuthorizerKind.Jwt,
        Claims = new Dictionary<string, string> { ["sub"] = "u1", ["scope"] = "read write" },
        Scopes = ["read", "write"],
    };

    private static readonly AuthorizerOutput LambdaAuthorizer = new()
    {
        Kind = AuthorizerKind.Lambda,
        PrincipalId = "p1",
        IntegrationLatency = 12,
        LambdaContext = JsonDocument.Parse("""{"s":"v","n":1,"b":true,"a":[1],"o":{"k":"v"}}""").RootElement.Clone(),
    };

    private static JsonElement RequestContext(string format, AuthorizerOutput output) =>
        new LambdaRequest { PayloadFormat = format, Authorizer = output }.Event().GetProperty("requestContext");

    [Fact]
    public void V2_Iam_NestsTheCallerUnderIam()
    {
        var iam = RequestContext("2.0", Iam).GetProperty("authorizer").GetProperty("iam");

        Assert.Equal("AKIAEXAMPLE123456789", iam.GetProperty("accessKey").GetString());
        Assert.Equal("111122223333", iam.GetProperty("accountId").GetString());
        Assert.Equal("AIDAEXAMPLE1234567890", iam.GetProperty("callerId").GetString());
        Assert.Equal("arn:aws:iam::111122223333:user/ann", iam.GetProperty("userArn").GetString());
        Assert.Equal("AIDAEXAMPLE1234567890", iam.GetProperty("userId").GetString());
        Assert.Equal(JsonValueKind.Null, iam.GetProperty("cognitoIdentity").ValueKind);
    }

    [Fact]
    public void V1_Iam_FillsRequestContextIdentity()
    {
        var context = RequestContext("1.0", Iam);
        var identity = context.GetProperty("identity");

        Assert.Equal("AKIAEXAMPLE123456789", identity.GetProperty("accessKey").GetString());
        Assert.Equal("111122223333", identity.GetProperty("accountId").GetString());
        Assert.Equal("AIDAEXAMPLE1234567890", identity.GetProperty("caller").GetString());
        Assert.Equal("AIDAEXAMPLE1234567890", identity.GetProperty("user").GetString());
        Assert.Equal("arn:aws:iam::111122223333:user/ann", identity.GetProperty("userArn").GetString());
        Assert.False(context.TryGetProperty("authorizer", out _));
    }

    [Fact]
    public void V2_Jwt_NestsClaimsAndScopesUnderJwt()
    {
        var jwt = RequestContext("2.0", Jwt).GetProperty("authorizer").GetProperty("jwt");

        Assert.Equal("u1", jwt.GetProperty("claims").GetProperty("sub").GetString());
        Assert.Equal(["read", "write"], jwt.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public void V1_Jwt_IsFlatClaimsAndScopes()
    {
        var authorizer = RequestContext("1.0", Jwt).GetProperty("authorizer");

        Assert.Equal("u1", authorizer.GetProperty("claims").GetProperty("sub").GetString());
        Assert.Equal(2, authorizer.GetProperty("scopes").GetArrayLength());
    }

    [Fact]
    public void V2_Lambda_KeepsTheContextAsItWas()
    {
        var lambda = RequestContext("2.0", LambdaAuthorizer).GetProperty("authorizer").GetProperty("lambda");

        Assert.Equal(JsonValueKind.Number, lambda.GetProperty("n").ValueKind);
        Assert.Equal(JsonValueKind.True, lambda.GetProperty("b").ValueKind);
        Assert.Equal("v", lambda.GetProperty("o").GetProperty("k").GetString());
    }

    [Fact]
    public void V1_Lambda_IsFlatStringsWithPrincipalAndLatency()
    {
        var authorizer = RequestContext("1.0", LambdaAuthorizer).GetProperty("authorizer");

        Assert.Equal("v", authorizer.GetProperty("s").GetString());
        Assert.Equal("1", authorizer.GetProperty("n").GetString());
        Assert.Equal("true", authorizer.GetProperty("b").GetString());
        Assert.False(authorizer.TryGetProperty("a", out _));
        Assert.Equal("p1", authorizer.GetProperty("principalId").GetString());
        Assert.Equal(12, authorizer.GetProperty("integrationLatency").GetInt64());
    }

    [Fact]
    public void NoAuthorizer_NoAuthorizerMember()
    {
        Assert.False(new LambdaRequest().Event().GetProperty("requestContext").TryGetProperty("authorizer", out _));
    }
}

/// <summary><c>$context.authorizer.*</c> and <c>$context.identity.*</c> as parameter mappings (and access logs) read them.</summary>
public sealed class AuthorizerContextVariableTests
{
    private static Gatehouse.DataPlane.RequestContext Context(AuthorizerOutput? output, string? error = null)
    {
        var (_, context, _) = new LambdaRequest { Authorizer = output }.Build();
        context.AuthorizerError = error;
        return context;
    }

    [Fact]
    public void Variable_JwtClaim_IsTheRenderedClaim()
    {
        var context = Context(new AuthorizerOutput { Kind = AuthorizerKind.Jwt, Claims = new Dictionary<string, string> { ["sub"] = "u1" } });

        Assert.Equal("u1", context.Variable("authorizer.claims.sub"));
        Assert.Null(context.Variable("authorizer.claims.missing"));
    }

    [Fact]
    public void Variable_LambdaContext_KeepsNumbersAsTheyWere()
    {
        var context = Context(new AuthorizerOutput
        {
            Kind = AuthorizerKind.Lambda,
            PrincipalId = "p1",
            LambdaContext = JsonDocument.Parse("""{"user":"ann","n":1}""").RootElement.Clone(),
        });

        Assert.Equal("ann", context.Variable("authorizer.user"));
        Assert.Equal("1", context.Variable("authorizer.n"));
        Assert.Equal("p1", context.Variable("authorizer.principalId"));
    }

    [Fact]
    public void Variable_IamIdentity_IsTheCaller()
    {
        var context = Context(new AuthorizerOutput
        {
            Kind = AuthorizerKind.Iam,
            AccessKeyId = "AKIAEXAMPLE123456789",
            Caller = new CallerIdentity("111122223333", "arn:aws:iam::111122223333:user/ann", "AIDAEXAMPLE1234567890") { UserName = "ann" },
        });

        Assert.Equal("111122223333", context.Variable("identity.accountId"));
        Assert.Equal("arn:aws:iam::111122223333:user/ann", context.Variable("identity.userArn"));
        Assert.Equal("AIDAEXAMPLE1234567890", context.Variable("identity.caller"));
        Assert.Equal("AKIAEXAMPLE123456789", context.Variable("identity.accessKey"));
    }

    [Fact]
    public void Variable_AuthorizerError_IsWhyItRefused()
    {
        Assert.Equal("the token has expired", Context(null, "the token has expired").Variable("authorizer.error"));
        Assert.Null(Context(null).Variable("authorizer.claims.sub"));
    }
}
