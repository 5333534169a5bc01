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

public sealed class RequestAuthenticatorTests
{
    private static Microsoft.AspNetCore.Http.HttpRequest Request(string? authorization)
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        return context.Request;
    }

    [Fact]
    public void Authenticate_Unsigned_IsAccepted() => Assert.Null(new RequestAuthenticator().Authenticate(Request(null), "apigateway"));

    [Fact]
    public void Authenticate_ScopedToAnotherService_IsInvalidSignature()
    {
        var request = Request("AWS4-HMAC-SHA256 Credential=test/20261125/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=00");

        var error = Assert.Throws<Gatehouse.ControlPlane.AwsException>(() => new RequestAuthenticator().Authenticate(request, "apigateway"));

        Assert.Equal(403, error.StatusCode);
        Assert.Equal("InvalidSignatureException", error.ErrorType);
        Assert.Equal("Credential should be scoped to correct service: 'apigateway'.", error.Message);
    }

    [Fact]
    public void Authenticate_Malformed_IsIncompleteSignature()
    {
        var error = Assert.Throws<Gatehouse.ControlPlane.AwsException>(() => new RequestAuthenticator().Authenticate(Request("AWS4-HMAC-SHA256 nonsense"), null));

        Assert.Equal("IncompleteSignatureException", error.ErrorType);
    }
}
