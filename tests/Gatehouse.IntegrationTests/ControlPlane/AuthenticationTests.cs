using System.Net;
using Gatehouse.Identity.SigV4;
using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.ControlPlane;

/// <summary>
/// The control plane requires valid SigV4 signatures, as AWS's endpoints do: the development key test/test on a
/// loopback listener, IAM users' keys, and nothing else; a public listener needs the administrator's own key.
/// </summary>
[Collection(Collections.ControlPlane)]
public sealed class AuthenticationTests(GatehouseFixture fixture)
{
    [Fact]
    public async Task Unsigned_Is403MissingAuthenticationToken()
    {
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(fixture.Server.BaseAddress, "/v2/apis"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("MissingAuthenticationTokenException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Equal("""{"message":"Missing Authentication Token"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Cli_WrongSecret_FailsWithInvalidSignatureException()
    {
        var cli = new AwsCli(fixture.Server.BaseAddress) { SecretAccessKey = "not-the-secret" };

        var result = await cli.ApiGatewayV2Async("get-apis");

        Assert.Equal(254, result.ExitCode);
        Assert.Contains("(InvalidSignatureException) when calling the GetApis operation", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_UnknownKey_FailsWithUnrecognizedClientException()
    {
        var cli = new AwsCli(fixture.Server.BaseAddress) { AccessKeyId = "AKIAUNKNOWNKEY000000", SecretAccessKey = "x" };

        var result = await cli.RunAsync("lambda", "list-functions");

        Assert.Equal(254, result.ExitCode);
        Assert.Contains("(UnrecognizedClientException) when calling the ListFunctions operation: The security token included in the request is invalid",
            result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sts_UnknownKey_FailsWithInvalidClientTokenId()
    {
        var cli = new AwsCli(fixture.Server.BaseAddress) { AccessKeyId = "AKIAUNKNOWNKEY000000", SecretAccessKey = "x" };

        var result = await cli.RunAsync("sts", "get-caller-identity");

        Assert.Equal(254, result.ExitCode);
        Assert.Contains("(InvalidClientTokenId)", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignatureOlderThanFiveMinutes_Is403SignatureExpired()
    {
        var signer = new SigV4Signer("test", "test", "us-east-1", "apigateway");
        var uri = new Uri(fixture.Server.BaseAddress, "/v2/apis");
        var signature = signer.Sign(SigV4SigningRequest.FromUri("GET", uri) with { Time = DateTimeOffset.UtcNow.AddMinutes(-6) });
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        foreach (var (name, value) in signature.HeadersToAdd)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var http = new HttpClient();
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("InvalidSignatureException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Contains("Signature expired", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task IamUserKey_IsAcceptedAndIdentifiedBySts()
    {
        var user = "ci-" + Guid.NewGuid().ToString("N")[..8];
        (await fixture.Cli.RunAsync("iam", "create-user", "--user-name", user)).ShouldSucceed();
        var key = (await fixture.Cli.RunAsync("iam", "create-access-key", "--user-name", user)).ShouldSucceed().Json.GetProperty("AccessKey");
        var cli = new AwsCli(fixture.Server.BaseAddress)
        {
            AccessKeyId = key.GetProperty("AccessKeyId").GetString()!,
            SecretAccessKey = key.GetProperty("SecretAccessKey").GetString()!,
        };

        var identity = (await cli.RunAsync("sts", "get-caller-identity")).ShouldSucceed().Json;

        Assert.Equal($"arn:aws:iam::000000000000:user/{user}", identity.GetProperty("Arn").GetString());
        Assert.Equal("000000000000", identity.GetProperty("Account").GetString());
    }

    [Fact]
    public async Task IamUser_ControlPlaneOperations_FollowItsPolicies()
    {
        var user = "ops-" + Guid.NewGuid().ToString("N")[..8];
        (await fixture.Cli.RunAsync("iam", "create-user", "--user-name", user)).ShouldSucceed();
        var key = (await fixture.Cli.RunAsync("iam", "create-access-key", "--user-name", user)).ShouldSucceed().Json.GetProperty("AccessKey");
        var cli = new AwsCli(fixture.Server.BaseAddress)
        {
            AccessKeyId = key.GetProperty("AccessKeyId").GetString()!,
            SecretAccessKey = key.GetProperty("SecretAccessKey").GetString()!,
        };

        var before = await cli.ApiGatewayV2Async("get-apis");
        (await fixture.Cli.RunAsync("iam", "put-user-policy", "--user-name", user, "--policy-name", "read", "--policy-document",
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"apigateway:GET","Resource":"arn:aws:apigateway:us-east-1::/apis*"},{"Effect":"Allow","Action":"lambda:List*","Resource":"*"}]}""")).ShouldSucceed();
        var reads = await cli.ApiGatewayV2Async("get-apis");
        var functions = await cli.RunAsync("lambda", "list-functions");
        var write = await cli.ApiGatewayV2Async("create-api", "--name", "nope", "--protocol-type", "HTTP");

        Assert.Equal(254, before.ExitCode);
        Assert.Contains($"(AccessDeniedException) when calling the GetApis operation: User: arn:aws:iam::000000000000:user/{user} is not authorized to perform: apigateway:GET on resource: arn:aws:apigateway:us-east-1::/apis",
            before.Stderr, StringComparison.Ordinal);
        reads.ShouldSucceed();
        functions.ShouldSucceed();
        Assert.Equal(254, write.ExitCode);
        Assert.Contains("apigateway:POST", write.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevelopmentKey_IsTheAccountRoot()
    {
        var identity = (await fixture.Cli.RunAsync("sts", "get-caller-identity")).ShouldSucceed().Json;

        Assert.Equal("arn:aws:iam::000000000000:root", identity.GetProperty("Arn").GetString());
    }

    [Fact]
    public async Task PublicListenerWithoutAdministratorKey_RefusesToStart()
    {
        var result = await GatehouseProcess.RunUntilExitAsync(["--urls", "http://0.0.0.0:0"],
            new Dictionary<string, string?> { ["GATEHOUSE_ADMIN_ACCESS_KEY_ID"] = null, ["GATEHOUSE_ADMIN_SECRET_ACCESS_KEY"] = null });

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("GATEHOUSE_ADMIN_ACCESS_KEY_ID", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdministratorKey_ReplacesTheDevelopmentKey()
    {
        await using var server = await GatehouseProcess.StartAsync(new Dictionary<string, string>
        {
            ["GATEHOUSE_ADMIN_ACCESS_KEY_ID"] = "AKIAADMINISTRATOR001",
            ["GATEHOUSE_ADMIN_SECRET_ACCESS_KEY"] = "admin-secret-0123456789",
        });

        var admin = new AwsCli(server.BaseAddress) { AccessKeyId = "AKIAADMINISTRATOR001", SecretAccessKey = "admin-secret-0123456789" };
        (await admin.ApiGatewayV2Async("get-apis")).ShouldSucceed();
        var development = await new AwsCli(server.BaseAddress).ApiGatewayV2Async("get-apis");

        Assert.Equal(254, development.ExitCode);
        Assert.Contains("UnrecognizedClientException", development.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("admin-secret-0123456789", server.Output, StringComparison.Ordinal);
    }
}
