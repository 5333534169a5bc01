using Gatehouse.DataPlane;
using Gatehouse.DataPlane.RestApis;
using Gatehouse.DataPlane.RestApis.TestInvoke;

namespace Gatehouse.UnitTests.DataPlane.RestApis.TestInvoke;

public sealed class TestInvokeFailureTests
{
    private static RequestContext Context(string? integrationError = null, string? validationErrors = null) => new()
    {
        RequestId = "r",
        ApiId = "a",
        AccountId = "000000000000",
        DomainName = "testPrefix.testDomainName",
        HttpMethod = "GET",
        RequestTimeEpoch = 0,
        SourceIp = "test-invoke-source-ip",
        TraceId = "Root=1-00000000-000000000000000000000000",
        Path = "/",
        IntegrationError = integrationError,
        ValidationErrors = validationErrors,
    };

    [Fact]
    public void Describe_IntegrationErrorWithAwsWording_IsKeptAsIs() =>
        Assert.Equal("Execution failed due to configuration error: Invalid endpoint address", TestInvokeFailure.Describe(
            Context("Execution failed due to configuration error: Invalid endpoint address"), RestGatewayError.ApiConfigurationError, null));

    [Fact]
    public void Describe_BareIntegrationError_IsAConfigurationError() =>
        Assert.Equal("Execution failed due to configuration error: Malformed Lambda proxy response",
            TestInvokeFailure.Describe(Context("Malformed Lambda proxy response"), RestGatewayError.IntegrationFailure, null));

    [Fact]
    public void Describe_Timeout_IsAwsTimeoutLine() =>
        Assert.Equal("Execution failed due to a timeout error", TestInvokeFailure.Describe(Context(), RestGatewayError.IntegrationTimeout, null));

    [Fact]
    public void Describe_InvalidBody_NamesTheContentTypeAndTheErrors() =>
        Assert.Equal("Request body does not match model schema for content type application/json: [object has missing required properties]",
            TestInvokeFailure.Describe(Context(validationErrors: "[object has missing required properties]"), RestGatewayError.BadRequestBody, "application/json"));
}
