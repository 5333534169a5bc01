using Gatehouse.ControlPlane;
using Gatehouse.ControlPlane.ApiGatewayV2;
using Gatehouse.Model.HttpApis;

namespace Gatehouse.UnitTests.ControlPlane.ApiGatewayV2;

public sealed class AuthorizerValidationTests
{
    internal const string FunctionUri =
        "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:authorize/invocations";

    internal static readonly Authorizer JwtAuthorizer = new()
    {
        AuthorizerId = "auth001",
        Name = "jwt",
        AuthorizerType = AuthorizerTypes.Jwt,
        IdentitySource = ["$request.header.Authorization"],
        JwtConfiguration = new JwtConfiguration { Audience = ["my-client"], Issuer = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_pool" },
    };

    internal static readonly Authorizer LambdaAuthorizer = new()
    {
        AuthorizerId = "auth002",
        Name = "lambda",
        AuthorizerType = AuthorizerTypes.Request,
        AuthorizerPayloadFormatVersion = "2.0",
        AuthorizerResultTtlInSeconds = 0,
        AuthorizerUri = FunctionUri,
        EnableSimpleResponses = true,
        IdentitySource = ["$request.header.Authorization"],
    };

    /// <summary>The BadRequestException message the checks produce, or null when the authorizer is valid.</summary>
    private static string? Errors(Authorizer authorizer)
    {
        var validation = new Validation();
        AuthorizerValidation.Validate(validation, authorizer);
        try
        {
            validation.ThrowIfAny();
            return null;
        }
        catch (AwsException e)
        {
            Assert.Equal(400, e.StatusCode);
            Assert.Equal("BadRequestException", e.ErrorType);
            return e.Message;
        }
    }

    [Fact]
    public void Validate_WellFormedJwtAndLambdaAuthorizers_Pass()
    {
        Assert.Null(Errors(JwtAuthorizer));
        Assert.Null(Errors(LambdaAuthorizer));
        Assert.Null(Errors(LambdaAuthorizer with { AuthorizerPayloadFormatVersion = "1.0", EnableSimpleResponses = false, IdentitySource = null }));
        Assert.Null(Errors(LambdaAuthorizer with
        {
            AuthorizerResultTtlInSeconds = 3600,
            IdentitySource = ["$request.header.x-token", "$request.querystring.t", "$context.routeKey", "$stageVariables.tenant"],
            AuthorizerCredentialsArn = "arn:aws:iam::123456789012:role/service/api-gateway-invoker",
        }));
    }

    [Theory]
    [InlineData("https://issuer.example.com")]
    [InlineData("https://issuer.example.com/realms/demo/")]
    [InlineData("http://localhost:8081/realms/demo")]
    [InlineData("http://127.0.0.1:9000")]
    [InlineData("http://[::1]:9000/issuer")]
    [InlineData("http://oidc.localhost:9000")]
    public void Validate_JwtIssuerHttpsOrLoopbackHttp_Passes(string issuer) =>
        Assert.Null(Errors(JwtAuthorizer with { JwtConfiguration = JwtAuthorizer.JwtConfiguration! with { Issuer = issuer } }));

    [Theory]
    [InlineData("http://issuer.example.com")]
    [InlineData("http://10.0.0.5")]
    [InlineData("issuer.example.com")]
    [InlineData("accounts.google.com")]
    [InlineData("ftp://issuer.example.com")]
    [InlineData("https://issuer.example.com/?tenant=1")]
    [InlineData("https://issuer.example.com/#x")]
    [InlineData("https://user:pw@issuer.example.com")]
    public void Validate_JwtIssuerNotHttpsNorLoopback_FailsNamingIssuer(string issuer)
    {
        var message = Errors(JwtAuthorizer with { JwtConfiguration = JwtAuthorizer.JwtConfiguration! with { Issuer = issuer } });

        Assert.Contains($"Invalid JwtConfiguration.Issuer '{issuer}'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_JwtWithoutConfiguration_FailsNamingJwtConfiguration() =>
        Assert.Contains("JwtConfiguration is required", Errors(JwtAuthorizer with { JwtConfiguration = null }), StringComparison.Ordinal);

    [Fact]
    public void Validate_JwtWithoutIssuerOrAudience_ReportsBoth()
    {
        var message = Errors(JwtAuthorizer with { JwtConfiguration = new JwtConfiguration() });

        Assert.Contains("JwtConfiguration.Issuer is required", message, StringComparison.Ordinal);
        Assert.Contains("JwtConfiguration.Audience is required", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_JwtWith51Audiences_FailsAt50()
    {
        var audience = Enumerable.Range(0, 51).Select(i => "a" + i).ToList();

        Assert.Null(Errors(JwtAuthorizer with { JwtConfiguration = JwtAuthorizer.JwtConfiguration! with { Audience = audience[..50] } }));
        Assert.Contains("at most 50", Errors(JwtAuthorizer with { JwtConfiguration = JwtAuthorizer.JwtConfiguration! with { Audience = audience } }), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("$request.header.Authorization,$request.header.X-Other")]
    [InlineData("$context.routeKey")]
    [InlineData("$stageVariables.token")]
    [InlineData("Authorization")]
    public void Validate_JwtIdentitySourceNotOneHeaderOrQueryString_FailsNamingIdentitySource(string identitySource)
    {
        var message = Errors(JwtAuthorizer with { IdentitySource = identitySource.Split(',', StringSplitOptions.RemoveEmptyEntries) });

        Assert.Contains("Invalid IdentitySource", message, StringComparison.Ordinal);
        Assert.Contains("exactly one", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_JwtWithQueryStringIdentitySource_Passes() =>
        Assert.Null(Errors(JwtAuthorizer with { IdentitySource = ["$request.querystring.access_token"] }));

    [Fact]
    public void Validate_JwtWithLambdaSettings_NamesEachOne()
    {
        var message = Errors(JwtAuthorizer with
        {
            AuthorizerUri = FunctionUri,
            AuthorizerPayloadFormatVersion = "2.0",
            AuthorizerResultTtlInSeconds = 0,
            EnableSimpleResponses = false,
            AuthorizerCredentialsArn = "arn:aws:iam::000000000000:role/r",
        });

        foreach (var member in new[] { "AuthorizerUri", "AuthorizerPayloadFormatVersion", "AuthorizerResultTtlInSeconds", "EnableSimpleResponses", "AuthorizerCredentialsArn" })
        {
            Assert.Contains($"{member} applies to REQUEST (Lambda) authorizers only", message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validate_LambdaWithoutPayloadFormatVersion_FailsWithAwsText() =>
        Assert.Equal("AuthorizerPayloadFormatVersion is a required parameter for REQUEST authorizer",
            Errors(LambdaAuthorizer with { AuthorizerPayloadFormatVersion = null, EnableSimpleResponses = false }));

    [Theory]
    [InlineData("3.0")]
    [InlineData("2")]
    public void Validate_LambdaPayloadFormatVersionNot1Or2_FailsNamingIt(string version) =>
        Assert.Contains($"Invalid AuthorizerPayloadFormatVersion '{version}'", Errors(LambdaAuthorizer with { AuthorizerPayloadFormatVersion = version }), StringComparison.Ordinal);

    [Fact]
    public void Validate_SimpleResponsesWithPayload1_FailsNamingEnableSimpleResponses() =>
        Assert.Contains("EnableSimpleResponses can only be true with AuthorizerPayloadFormatVersion 2.0",
            Errors(LambdaAuthorizer with { AuthorizerPayloadFormatVersion = "1.0" }), StringComparison.Ordinal);

    [Theory]
    [InlineData(-1)]
    [InlineData(3601)]
    public void Validate_TtlOutside0To3600_FailsNamingTheTtl(int ttl) =>
        Assert.Contains($"Invalid AuthorizerResultTtlInSeconds {ttl}", Errors(LambdaAuthorizer with { AuthorizerResultTtlInSeconds = ttl }), StringComparison.Ordinal);

    [Fact]
    public void Validate_CachingWithoutIdentitySource_FailsWithAwsText()
    {
        Assert.Equal("Identity source must be set if authorizer caching is enabled (TTL is greater than 0)",
            Errors(LambdaAuthorizer with { AuthorizerResultTtlInSeconds = 300, IdentitySource = [] }));
        Assert.Null(Errors(LambdaAuthorizer with { AuthorizerResultTtlInSeconds = 0, IdentitySource = [] }));
    }

    [Fact]
    public void Validate_LambdaWithBadIdentitySources_ReportsEachOne()
    {
        var message = Errors(LambdaAuthorizer with { IdentitySource = ["$request.path.id", "Authorization", "$request.header.ok"] });

        Assert.Contains("Invalid identity source '$request.path.id'", message, StringComparison.Ordinal);
        Assert.Contains("Invalid identity source 'Authorization'", message, StringComparison.Ordinal);
        Assert.DoesNotContain("'$request.header.ok'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LambdaWithDuplicateIdentitySource_Fails() =>
        Assert.Contains("twice", Errors(LambdaAuthorizer with { IdentitySource = ["$request.header.a", "$request.header.a"] }), StringComparison.Ordinal);

    [Theory]
    [InlineData(null, "AuthorizerUri is required")]
    [InlineData("", "AuthorizerUri is required")]
    [InlineData("arn:aws:lambda:us-east-1:000000000000:function:authorize", "Invalid AuthorizerUri")]
    [InlineData("https://example.com/authorize", "Invalid AuthorizerUri")]
    [InlineData("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:authorize", "Invalid AuthorizerUri")]
    [InlineData("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:0000:function:authorize/invocations", "Invalid AuthorizerUri")]
    [InlineData("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:bad name/invocations", "Invalid AuthorizerUri")]
    public void Validate_LambdaUriNotAnInvocationUri_FailsNamingAuthorizerUri(string? uri, string expected)
    {
        var message = Errors(LambdaAuthorizer with { AuthorizerUri = uri });

        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain("IntegrationUri", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LambdaUriWithStageVariableOrQualifier_Passes()
    {
        Assert.Null(Errors(LambdaAuthorizer with { AuthorizerUri = FunctionUri.Replace("function:authorize", "function:${stageVariables.authFn}", StringComparison.Ordinal) }));
        Assert.Null(Errors(LambdaAuthorizer with { AuthorizerUri = FunctionUri.Replace("function:authorize", "function:authorize:live", StringComparison.Ordinal) }));
    }

    [Fact]
    public void Validate_LambdaWithJwtConfigurationOrBadRole_NamesThem()
    {
        var message = Errors(LambdaAuthorizer with { JwtConfiguration = JwtAuthorizer.JwtConfiguration, AuthorizerCredentialsArn = "arn:aws:iam::000000000000:user/bob" });

        Assert.Contains("JwtConfiguration applies to JWT authorizers only", message, StringComparison.Ordinal);
        Assert.Contains("Invalid AuthorizerCredentialsArn 'arn:aws:iam::000000000000:user/bob'", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "AuthorizerType is required")]
    [InlineData("TOKEN", "Invalid AuthorizerType 'TOKEN': must be one of [REQUEST, JWT]")]
    [InlineData("jwt", "Invalid AuthorizerType 'jwt'")]
    public void Validate_TypeMissingOrUnknown_FailsNamingAuthorizerType(string type, string expected) =>
        Assert.Contains(expected, Errors(JwtAuthorizer with { AuthorizerType = type }), StringComparison.Ordinal);

    [Fact]
    public void Validate_NameMissingOrTooLong_FailsNamingName()
    {
        Assert.Equal("Name is required", Errors(JwtAuthorizer with { Name = "" }));
        Assert.Contains("Name must be between 1 and 128", Errors(JwtAuthorizer with { Name = new string('n', 129) }), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_IdentityValidationExpression_IsRefused() =>
        Assert.Contains("IdentityValidationExpression", Errors(LambdaAuthorizer with { IdentityValidationExpression = "^Bearer .+$" }), StringComparison.Ordinal);

    [Fact]
    public void Validate_SeveralProblems_AreReportedTogether()
    {
        var message = Errors(LambdaAuthorizer with { Name = "", AuthorizerPayloadFormatVersion = "9", AuthorizerResultTtlInSeconds = 5000, AuthorizerUri = null });

        Assert.Contains("Name is required", message, StringComparison.Ordinal);
        Assert.Contains("AuthorizerPayloadFormatVersion", message, StringComparison.Ordinal);
        Assert.Contains("AuthorizerResultTtlInSeconds", message, StringComparison.Ordinal);
        Assert.Contains("AuthorizerUri", message, StringComparison.Ordinal);
    }
}
