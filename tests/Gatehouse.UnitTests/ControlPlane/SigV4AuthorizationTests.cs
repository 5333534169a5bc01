using Gatehouse.ControlPlane.Protocols;

namespace Gatehouse.UnitTests.ControlPlane;

public sealed class SigV4AuthorizationTests
{
    [Fact]
    public void TryParse_CliHeader_ReadsTheCredentialScope()
    {
        const string header = "AWS4-HMAC-SHA256 Credential=test/20261125/us-east-1/apigateway/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=0123456789abcdef";

        Assert.True(SigV4Authorization.TryParse(header, out var auth));

        Assert.Equal("test", auth!.AccessKeyId);
        Assert.Equal("20261125", auth.Date);
        Assert.Equal("us-east-1", auth.Region);
        Assert.Equal("apigateway", auth.Service);
        Assert.Equal(["content-type", "host", "x-amz-date"], auth.SignedHeaders);
        Assert.Equal("0123456789abcdef", auth.Signature);
    }

    [Theory]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("AWS4-HMAC-SHA256 Credential=test/20261125/us-east-1/apigateway/aws4_request")]
    [InlineData("AWS4-HMAC-SHA256 Credential=test/20261125/us-east-1/aws4_request, SignedHeaders=host, Signature=00")]
    [InlineData("AWS4-HMAC-SHA256 Credential=test/20261125/us-east-1/apigateway/other, SignedHeaders=host, Signature=00")]
    public void TryParse_Malformed_Fails(string header) => Assert.False(SigV4Authorization.TryParse(header, out _));
}
