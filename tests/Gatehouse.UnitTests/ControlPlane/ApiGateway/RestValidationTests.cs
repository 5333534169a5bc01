using Gatehouse.ControlPlane;
using Gatehouse.ControlPlane.ApiGateway;
using Gatehouse.Model.RestApis;

namespace Gatehouse.UnitTests.ControlPlane.ApiGateway;

/// <summary>The validators of integrations and authorizers: AWS's texts, every problem reported at once.</summary>
public sealed class RestValidationTests
{
    private const string LambdaUri =
        "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:f/invocations";

    private static readonly RestMethod Method = new()
    {
        HttpMethod = "GET",
        AuthorizationType = "NONE",
        RequestParameters = new Dictionary<string, bool> { ["method.request.header.x"] = false },
    };

    [Fact]
    public void ValidateIntegration_HttpWithoutMethodAndUri_ReportsBoth()
    {
        var error = Assert.Throws<AwsException>(() => IntegrationOperations.Validate(Method, new RestIntegration { Type = "HTTP", PassthroughBehavior = "WHEN_NO_MATCH" }));

        Assert.Equal("BadRequestException", error.ErrorType);
        Assert.Equal("Enumeration value for HttpMethod must be non-empty; Invalid HTTP endpoint specified for URI", error.Message);
    }

    [Theory]
    [InlineData(49)]
    [InlineData(29001)]
    public void ValidateIntegration_TimeoutOutOfRange_IsRefused(int timeout)
    {
        var error = Assert.Throws<AwsException>(() => IntegrationOperations.Validate(Method,
            new RestIntegration { Type = "MOCK", PassthroughBehavior = "WHEN_NO_MATCH", TimeoutInMillis = timeout }));

        Assert.Equal("Timeout should be between 50 ms and 29000 ms", error.Message);
    }

    [Fact]
    public void ValidateIntegration_LambdaProxy_IsAccepted() =>
        IntegrationOperations.Validate(Method, new RestIntegration { Type = "AWS_PROXY", HttpMethod = "POST", Uri = LambdaUri, PassthroughBehavior = "WHEN_NO_MATCH" });

    [Theory]
    [InlineData("integration.request.header.y", "method.request.header.x", true)]
    [InlineData("integration.request.querystring.y", "'static'", true)]
    [InlineData("integration.request.path.id", "method.request.path.id", true)]
    [InlineData("integration.request.header.y", "stageVariables.v", true)]
    [InlineData("integration.request.header.y", "method.request.header.undeclared", false)]
    [InlineData("integration.response.header.y", "method.request.header.x", false)]
    [InlineData("integration.request.header.y", "true", false)]
    public void ValidateIntegration_RequestParameters_FollowAwsMappingRules(string target, string source, bool valid)
    {
        var integration = new RestIntegration
        {
            Type = "MOCK",
            PassthroughBehavior = "WHEN_NO_MATCH",
            RequestParameters = new Dictionary<string, string> { [target] = source },
        };

        var error = Record.Exception(() => IntegrationOperations.Validate(Method, integration));

        Assert.Equal(valid, error is null);
        if (!valid)
        {
            Assert.StartsWith("Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression specified:",
                error!.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ValidateAuthorizer_TokenWithBadUriAndSource_ReportsBoth()
    {
        var error = Assert.Throws<AwsException>(() => AuthorizerOperations.Validate(new RestAuthorizer
        {
            Id = "a",
            Name = "t",
            Type = "TOKEN",
            AuthorizerUri = "arn:aws:lambda:us-east-1:000000000000:function:f",
            IdentitySource = "method.request.querystring.token",
        }));

        Assert.Contains("Invalid Authorizer URI", error.Message, StringComparison.Ordinal);
        Assert.Contains("a TOKEN authorizer reads one header", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateAuthorizer_RequestWithoutSourceAndNoCaching_IsAccepted() =>
        AuthorizerOperations.Validate(new RestAuthorizer { Id = "a", Name = "r", Type = "REQUEST", AuthorizerUri = LambdaUri, AuthorizerResultTtlInSeconds = 0 });

    [Fact]
    public void ValidateAuthorizer_CognitoWithoutPools_IsRefused()
    {
        var error = Assert.Throws<AwsException>(() => AuthorizerOperations.Validate(new RestAuthorizer
        {
            Id = "a",
            Name = "c",
            Type = "COGNITO_USER_POOLS",
            IdentitySource = "method.request.header.Authorization",
        }));

        Assert.Equal("providerARNs must be specified for a COGNITO_USER_POOLS authorizer", error.Message);
    }

    [Theory]
    [InlineData("200", true)]
    [InlineData("599", true)]
    [InlineData("600", false)]
    [InlineData("wrong", false)]
    public void StatusCode_OutsideAwsPattern_IsAValidationException(string statusCode, bool valid)
    {
        var error = Record.Exception(() => RestTree.StatusCode(statusCode));

        Assert.Equal(valid, error is null);
        if (!valid)
        {
            Assert.Equal("ValidationException", ((AwsException)error!).ErrorType);
            Assert.Equal($"1 validation error detected: Value '{statusCode}' at 'statusCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [1-5]\\d\\d",
                error.Message);
        }
    }
}
