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

/// <summary>The control plane's authentication: AWS's SigV4 errors, in rest-json and query (IAM/STS) names.</summary>
public sealed class RequestAuthenticatorTests
{
    private static readonly RequestAuthenticator Authenticator = CreateAuthenticator();

    private static RequestAuthenticator CreateAuthenticator()
    {
        var registry = new Gatehouse.Identity.Credentials.CredentialRegistry();
        registry.AddAdministratorKey("test", "test", "000000000000", acceptsAnySessionToken: true);
        return new RequestAuthenticator(new Gatehouse.Identity.SigV4.SigV4Verifier(registry, TimeProvider.System), new Gatehouse.ControlPlane.ControlPlaneOptions());
    }

    private static Microsoft.AspNetCore.Http.DefaultHttpContext Request(string method, string path, string body = "",
        string? service = null, string secret = "test", string accessKey = "test")
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Scheme = "http";
        context.Request.Host = new Microsoft.AspNetCore.Http.HostString("127.0.0.1:8080");
        context.Request.Path = path;
        var bytes = System.Text.Encoding.UTF8.GetBytes(body);
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        if (service is not null)
        {
            var signer = new Gatehouse.Identity.SigV4.SigV4Signer(accessKey, secret, "us-east-1", service);
            var signature = signer.Sign(Gatehouse.Identity.SigV4.SigV4SigningRequest.FromUri(method, new Uri("http://127.0.0.1:8080" + path), []) with { Body = bytes });
            foreach (var (name, value) in signature.HeadersToAdd)
            {
                context.Request.Headers[name] = value;
            }
        }

        return context;
    }

    [Fact]
    public async Task Authenticate_ValidSignature_ReturnsTheCallerAndLeavesItOnTheRequest()
    {
        var context = Request("POST", "/v2/apis", """{"name":"a"}""", service: "apigateway");

        var credential = await Authenticator.AuthenticateAsync(context, "apigateway");

        Assert.True(credential.Identity.IsAccountRoot);
        Assert.Same(credential, context.Features.Get<ControlPlaneCaller>()!.Credential);
        Assert.Equal("""{"name":"a"}""", await new StreamReader(context.Request.Body).ReadToEndAsync());
    }

    [Fact]
    public async Task Authenticate_Unsigned_IsMissingAuthenticationToken()
    {
        var error = await Assert.ThrowsAsync<Gatehouse.ControlPlane.AwsException>(() => Authenticator.AuthenticateAsync(Request("GET", "/v2/apis"), "apigateway").AsTask());

        Assert.Equal(403, error.StatusCode);
        Assert.Equal("MissingAuthenticationTokenException", error.ErrorType);
        Assert.Equal("Missing Authentication Token", error.Message);
    }

    [Fact]
    public async Task Authenticate_WrongSecret_IsInvalidSignature()
    {
        var context = Request("GET", "/v2/apis", service: "apigateway", secret: "wrong");

        var error = await Assert.ThrowsAsync<Gatehouse.ControlPlane.AwsException>(() => Authenticator.AuthenticateAsync(context, "apigateway").AsTask());

        Assert.Equal("InvalidSignatureException", error.ErrorType);
    }

    [Fact]
    public async Task Authenticate_ScopedToAnotherService_IsInvalidSignature()
    {
        var context = Request("GET", "/v2/apis", service: "lambda");

        var error = await Assert.ThrowsAsync<Gatehouse.ControlPlane.AwsException>(() => Authenticator.AuthenticateAsync(context, "apigateway").AsTask());

        Assert.Equal(403, error.StatusCode);
        Assert.Equal("InvalidSignatureException", error.ErrorType);
        Assert.StartsWith("Credential should be scoped to correct service: 'apigateway'.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authenticate_UnknownKey_IsUnrecognizedClient()
    {
        var context = Request("GET", "/v2/apis", service: "apigateway", accessKey: "AKIAUNKNOWN000000000");

        var error = await Assert.ThrowsAsync<Gatehouse.ControlPlane.AwsException>(() => Authenticator.AuthenticateAsync(context, "apigateway").AsTask());

        Assert.Equal("UnrecognizedClientException", error.ErrorType);
        Assert.Equal("The security token included in the request is invalid.", error.Message);
    }

    [Fact]
    public async Task Authenticate_QueryServiceSignedForSts_IsVerifiedForSts()
    {
        var context = Request("POST", "/", "Action=GetCallerIdentity&Version=2011-06-15", service: "sts");

        var credential = await Authenticator.AuthenticateAsync(context, null);

        Assert.Equal("test", credential.AccessKeyId);
    }

    [Theory]
    [InlineData(null, "test", "test", "MissingAuthenticationToken")]
    [InlineData("iam", "AKIAUNKNOWN000000000", "x", "InvalidClientTokenId")]
    [InlineData("iam", "test", "wrong", "SignatureDoesNotMatch")]
    public async Task Authenticate_QueryService_FailsWithQueryErrorCodes(string? service, string accessKey, string secret, string code)
    {
        var context = Request("POST", "/", "Action=ListUsers&Version=2010-05-08", service: service, accessKey: accessKey, secret: secret);

        var error = await Assert.ThrowsAsync<Gatehouse.ControlPlane.AwsException>(() => Authenticator.AuthenticateAsync(context, null).AsTask());

        Assert.Equal(403, error.StatusCode);
        Assert.Equal(code, error.ErrorType);
    }
}
