using Gatehouse.Model.HttpApis;

namespace Gatehouse.UnitTests.Model;

/// <summary>The integration URIs an AWS_PROXY integration of an HTTP API accepts (facts §1.7, DG stage variables).</summary>
public sealed class LambdaFunctionUriTests
{
    [Theory]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:hello", "arn:aws:lambda:us-east-1:123456789012:function:hello", null)]
    [InlineData("arn:aws:lambda:eu-central-1:123456789012:function:my-fn_2:live", "arn:aws:lambda:eu-central-1:123456789012:function:my-fn_2", "live")]
    [InlineData("arn:aws:lambda:us-gov-west-1:123456789012:function:f:$LATEST", "arn:aws:lambda:us-gov-west-1:123456789012:function:f", "$LATEST")]
    [InlineData("arn:aws-cn:lambda:cn-north-1:123456789012:function:f:12", "arn:aws-cn:lambda:cn-north-1:123456789012:function:f", "12")]
    [InlineData("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:hello/invocations",
        "arn:aws:lambda:us-east-1:123456789012:function:hello", null)]
    [InlineData("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:hello:prod/invocations",
        "arn:aws:lambda:us-east-1:123456789012:function:hello", "prod")]
    public void TryParse_FunctionArnOrInvocationUri_GivesTheFunctionAndQualifier(string uri, string functionArn, string? qualifier)
    {
        Assert.True(LambdaFunctionUri.TryParse(uri, out var function, out var error), error);
        Assert.Equal(functionArn, function.FunctionArn);
        Assert.Equal(qualifier, function.Qualifier);
        Assert.False(function.HasStageVariables);
    }

    [Theory]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.fn}")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:orders-${stageVariables.env}")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:orders:${stageVariables.alias}")]
    [InlineData("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.fn}/invocations")]
    public void TryParse_StageVariablesInNameOrQualifier_AreAccepted(string uri)
    {
        Assert.True(LambdaFunctionUri.TryParse(uri, out var function, out var error), error);
        Assert.True(function.HasStageVariables);
    }

    [Theory]
    [InlineData("")]
    [InlineData("http://example.com/lambda")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:")]
    [InlineData("arn:aws:lambda:us-east-1:1234:function:hello")]
    [InlineData("arn:aws:lambda:useast1:123456789012:function:hello")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:layer:hello")]
    [InlineData("arn:aws:s3:us-east-1:123456789012:function:hello")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:bad name")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:hello:al.ias")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:hello:live:extra")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.}")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.fn")]
    [InlineData("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:hello")]
    [InlineData("arn:aws:apigateway:us-east-1:firehose:action/PutRecord")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:a-function-name-that-is-much-longer-than-sixty-four-characters-allow")]
    public void TryParse_NotALambdaFunction_FailsNamingTheUri(string uri)
    {
        Assert.False(LambdaFunctionUri.TryParse(uri, out _, out var error));
        Assert.Contains("IntegrationUri", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParseResolved_StageVariableLeftOver_Fails() =>
        Assert.False(LambdaFunctionUri.TryParseResolved("arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.fn}", out _));

    [Fact]
    public void SubstituteStageVariables_KnownAndUnknownVariables()
    {
        var variables = new Dictionary<string, string> { ["fn"] = "orders", ["env"] = "prod" };

        Assert.Equal("arn:x:function:orders-prod-", LambdaFunctionUri.SubstituteStageVariables(
            "arn:x:function:${stageVariables.fn}-${stageVariables.env}-${stageVariables.missing}", variables));
    }
}
