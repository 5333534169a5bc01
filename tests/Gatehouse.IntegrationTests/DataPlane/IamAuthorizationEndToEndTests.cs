using System.Net;
using System.Text;
using System.Text.Json;
using Gatehouse.Identity.SigV4;
using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.DataPlane;

/// <summary>
/// <c>AWS_IAM</c> routes end to end: an IAM user made with the AWS CLI, a policy on <c>execute-api:Invoke</c>, and
/// requests signed by real signers (ours, curl, aws4 and @smithy/signature-v4 from npm), answered as AWS answers
/// (http-api-access-control-iam; facts §7.1 and §7.7).
/// </summary>
[Collection(Collections.DataPlane)]
public sealed class IamAuthorizationEndToEndTests(GatehouseFixture fixture)
{
    private const string Region = "us-east-1";

    [Fact]
    public async Task Unsigned_Is403MissingAuthenticationToken()
    {
        var api = await CreateApiAsync();

        using var response = await new HttpClient().GetAsync(api.Url("/prod/pets"));

        await response.ShouldBeGatewayErrorAsync(HttpStatusCode.Forbidden, """{"message":"Missing Authentication Token"}""");
        Assert.Equal("MissingAuthenticationTokenException", response.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    [Fact]
    public async Task SignedByAnAllowedUser_ReachesTheIntegrationWithTheBodyIntact()
    {
        var api = await CreateApiAsync();
        var user = await CreateUserAsync(api, allow: "GET/*", alsoAllow: "POST/*");

        using var get = await SendAsync(user.Signer(), HttpMethod.Get, api.Url("/prod/pets?kind=cat&kind=dog"));
        var echoed = await EchoedRequest.ReadAsync(get);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("/pets", echoed.Path);

        const string Body = """{"name":"Rex","tags":["a b","ü"]}""";
        using var post = await SendAsync(user.Signer(), HttpMethod.Post, api.Url("/prod/pets"), Body);
        var posted = await EchoedRequest.ReadAsync(post);
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal(Body, posted.Body);
    }

    [Fact]
    public async Task NotAllowedByPolicy_Is403AccessDeniedNamingUserAndResource()
    {
        var api = await CreateApiAsync();
        var user = await CreateUserAsync(api, allow: "GET/*");

        using var response = await SendAsync(user.Signer(), HttpMethod.Post, api.Url("/prod/pets"), "{}");

        var text = await response.ShouldBeAsync(HttpStatusCode.Forbidden);
        Assert.Equal("AccessDeniedException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Equal(
            $$"""{"Message":"User: {{user.Arn}} is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:000000000000:{{api.ApiId}}/prod/POST/pets"}""",
            text);
    }

    [Fact]
    public async Task ExplicitDeny_WinsOverAllow()
    {
        var api = await CreateApiAsync();
        var user = await CreateUserAsync(api, allow: "*", deny: "GET/pets");

        using var denied = await SendAsync(user.Signer(), HttpMethod.Get, api.Url("/prod/pets"));
        using var allowed = await SendAsync(user.Signer(), HttpMethod.Get, api.Url("/prod/toys"));

        Assert.EndsWith(" with an explicit deny\"}", await denied.ShouldBeAsync(HttpStatusCode.Forbidden), StringComparison.Ordinal);
        await allowed.ShouldBeAsync(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("127.0.0.1/32", HttpStatusCode.OK)]
    [InlineData("10.0.0.0/8", HttpStatusCode.Forbidden)]
    public async Task PolicyConditionOnSourceIp_IsEvaluated(string cidr, HttpStatusCode expected)
    {
        var api = await CreateApiAsync();
        var user = await CreateUserAsync(api, allow: "*", condition: new { IpAddress = new Dictionary<string, string> { ["aws:SourceIp"] = cidr } });

        using var response = await SendAsync(user.Signer(), HttpMethod.Get, api.Url("/prod/pets"));

        await response.ShouldBeAsync(expected);
    }

    [Theory]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE")]
    [InlineData("AWS4-HMAC-SHA256 nonsense")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20261125/us-east-1/execute-api/aws4_request, SignedHeaders=host, Signature=zz")]
    [InlineData("Bearer abc")]
    [InlineData("AWS4-HMAC-SHA256 Credential=a/b/c/d/e/f/g, SignedHeaders=, Signature=")]
    public async Task MalformedAuthorization_Is403NeverA500(string header)
    {
        var api = await CreateApiAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, api.Url("/prod/pets"));
        request.Headers.TryAddWithoutValidation("Authorization", header);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", DateTimeOffset.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture));

        using var response = await fixture.DataPlane.Http.SendAsync(request);

        await response.ShouldBeAsync(HttpStatusCode.Forbidden);
        Assert.True(response.Headers.Contains("x-amzn-ErrorType"));
    }

    [Fact]
    public async Task WrongSecret_Is403InvalidSignature()
    {
        var api = await CreateApiAsync();
        var user = await CreateUserAsync(api, allow: "*");

        using var response = await SendAsync(user.Signer(secret: "wrong-secret"), HttpMethod.Get, api.Url("/prod/pets"));

        var text = await response.ShouldBeAsync(HttpStatusCode.Forbidden);
        Assert.Equal("InvalidSignatureException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Contains("The request signature we calculated does not match the signature you provided.", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignedForAnotherServiceOrRegion_Is403()
    {
        var api = await CreateApiAsync();
        var user = await CreateUserAsync(api, allow: "*");

        using var service = await SendAsync(user.Signer(service: "apigateway"), HttpMethod.Get, api.Url("/prod/pets"));
        using var region = await SendAsync(user.Signer(region: "eu-west-1"), HttpMethod.Get, api.Url("/prod/pets"));

        Assert.Contains("Credential should be scoped to correct service: 'execute-api'.", await service.ShouldBeAsync(HttpStatusCode.Forbidden), StringComparison.Ordinal);
        Assert.Contains("Credential should be scoped to a valid region", await region.ShouldBeAsync(HttpStatusCode.Forbidden), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpiredOrFutureSignature_Is403()
    {
        var api = await CreateApiAsync();
        var user = await CreateUserAsync(api, allow: "*");

        using var old = await SendAsync(user.Signer(), HttpMethod.Get, api.Url("/prod/pets"), time: DateTimeOffset.UtcNow.AddMinutes(-6));
        using var future = await SendAsync(user.Signer(), HttpMethod.Get, api.Url("/prod/pets"), time: DateTimeOffset.UtcNow.AddMinutes(6));

        Assert.Contains("Signature expired", await old.ShouldBeAsync(HttpStatusCode.Forbidden), StringComparison.Ordinal);
        Assert.Contains("Signature not yet current", await future.ShouldBeAsync(HttpStatusCode.Forbidden), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PresignedUrl_WorksUntilItExpires()
    {
        var api = await CreateApiAsync();
        var user = await CreateUserAsync(api, allow: "*");
        var uri = api.Url("/prod/pets");

        var fresh = user.Signer().Presign(SigV4SigningRequest.FromUri("GET", uri), TimeSpan.FromMinutes(5));
        var stale = user.Signer().Presign(SigV4SigningRequest.FromUri("GET", uri) with { Time = DateTimeOffset.UtcNow.AddMinutes(-10) }, TimeSpan.FromMinutes(5));
        using var http = new HttpClient();
        using var ok = await http.GetAsync(new Uri(uri, fresh.PathAndQuery));
        using var expired = await http.GetAsync(new Uri(uri, stale.PathAndQuery));

        await ok.ShouldBeAsync(HttpStatusCode.OK);
        await expired.ShouldBeAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task DevelopmentKey_IsTheAccountRootAndMayInvoke()
    {
        var api = await CreateApiAsync();

        using var response = await SendAsync(new SigV4Signer("test", "test", Region, "execute-api"), HttpMethod.Get, api.Url("/prod/pets"));

        await response.ShouldBeAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task CallerIdentity_ReachesTheLambdaEventInBothPayloadFormats()
    {
        var api = await CreateApiAsync();
        var user = await CreateUserAsync(api, allow: "*");

        using var v2 = await SendAsync(user.Signer(), HttpMethod.Get, api.Url("/prod/event2"));
        using var v1 = await SendAsync(user.Signer(), HttpMethod.Get, api.Url("/prod/event1"));

        var iam = JsonDocument.Parse(await v2.ShouldBeAsync(HttpStatusCode.OK)).RootElement.GetProperty("requestContext").GetProperty("authorizer").GetProperty("iam");
        Assert.Equal(user.AccessKeyId, iam.GetProperty("accessKey").GetString());
        Assert.Equal("000000000000", iam.GetProperty("accountId").GetString());
        Assert.Equal(user.Arn, iam.GetProperty("userArn").GetString());
        Assert.StartsWith("AIDA", iam.GetProperty("userId").GetString(), StringComparison.Ordinal);
        var identity = JsonDocument.Parse(await v1.ShouldBeAsync(HttpStatusCode.OK)).RootElement.GetProperty("requestContext").GetProperty("identity");
        Assert.Equal(user.AccessKeyId, identity.GetProperty("accessKey").GetString());
        Assert.Equal(user.Arn, identity.GetProperty("userArn").GetString());
    }

    [Fact]
    public async Task Curl_AwsSigV4_IsAccepted()
    {
        var api = await CreateApiAsync();
        var user = await CreateUserAsync(api, allow: "*");

        var get = await ExternalProcess.RunAsync("curl", ["-s", "-o", "-", "-w", "\n%{http_code}", "--aws-sigv4", $"aws:amz:{Region}:execute-api",
            "--user", $"{user.AccessKeyId}:{user.Secret}", api.Url("/prod/pets?q=1").ToString()], new Dictionary<string, string?>());
        var post = await ExternalProcess.RunAsync("curl", ["-s", "-o", "-", "-w", "\n%{http_code}", "--aws-sigv4", $"aws:amz:{Region}:execute-api",
            "--user", $"{user.AccessKeyId}:{user.Secret}", "-H", "Content-Type: application/json", "-d", """{"a":1}""", api.Url("/prod/pets").ToString()],
            new Dictionary<string, string?>());

        Assert.EndsWith("\n200", get.ShouldSucceed().Stdout, StringComparison.Ordinal);
        Assert.EndsWith("\n200", post.ShouldSucceed().Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("aws4", "header")]
    [InlineData("smithy", "header")]
    [InlineData("smithy", "presign")]
    public async Task NpmSigners_AreAccepted(string signer, string mode)
    {
        var api = await CreateApiAsync();
        var user = await CreateUserAsync(api, allow: "*");

        var result = await ExternalProcess.RunAsync("node", [Path.Combine(RepositoryLayout.Root, "tests", "signers", "sign-and-send.mjs"), JsonSerializer.Serialize(new
        {
            signer,
            mode,
            port = fixture.Server.Port,
            method = "POST",
            path = $"/_aws/execute-api/{api.ApiId}/prod/pets",
            query = new[] { new[] { "q", "a b" } },
            headers = new Dictionary<string, string> { ["content-type"] = "application/json" },
            body = """{"a":1}""",
            service = "execute-api",
            region = Region,
            accessKeyId = user.AccessKeyId,
            secretAccessKey = user.Secret,
        })], new Dictionary<string, string?>());

        var answer = JsonDocument.Parse(result.ShouldSucceed().Stdout).RootElement;
        Assert.True(answer.GetProperty("status").GetInt32() == 200, result.Stdout);
    }

    private async Task<HttpResponseMessage> SendAsync(SigV4Signer signer, HttpMethod method, Uri uri, string? body = null, DateTimeOffset? time = null)
    {
        var bytes = body is null ? [] : Encoding.UTF8.GetBytes(body);
        var headers = body is null ? [] : new[] { KeyValuePair.Create("Content-Type", "application/json") };
        var signature = signer.Sign(SigV4SigningRequest.FromUri(method.Method, uri, headers) with { Body = bytes, Time = time });
        using var request = new HttpRequestMessage(method, uri);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(bytes);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        }

        foreach (var (name, value) in signature.HeadersToAdd)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await fixture.DataPlane.Http.SendAsync(request);
    }

    /// <summary>
    /// An API whose routes are all AWS_IAM: <c>ANY /{proxy+}</c> to the echo backend, <c>GET /event2</c> and
    /// <c>GET /event1</c> to a Lambda function that returns its event (payload 2.0 and 1.0).
    /// </summary>
    private async Task<TestApi> CreateApiAsync()
    {
        var control = fixture.Control;
        var apiId = await control.CreateApiAsync();
        var backend = await control.CreateIntegrationAsync(apiId, fixture.Backend.BaseUrl + "/{proxy}");
        await control.CreateRouteAsync(apiId, "ANY /{proxy+}", backend, new { authorizationType = "AWS_IAM" });
        var function = await fixture.EventEchoFunctionAsync();
        foreach (var format in new[] { "2.0", "1.0" })
        {
            var lambda = await control.CreateIntegrationAsync(apiId, LambdaKit.Arn(function), new
            {
                integrationType = "AWS_PROXY",
                payloadFormatVersion = format,
                integrationMethod = (string?)null,
            });
            await control.CreateRouteAsync(apiId, "GET /event" + format[0], lambda, new { authorizationType = "AWS_IAM" });
        }

        await control.CreateStageAsync(apiId, "prod");
        await control.DeployAsync(apiId, "prod");
        return new TestApi(apiId, fixture.DataPlane);
    }

    /// <summary>A user with a key and an inline policy allowing (and denying) <c>execute-api:Invoke</c> on the API's stage prod.</summary>
    private async Task<TestUser> CreateUserAsync(TestApi api, string allow, string? alsoAllow = null, string? deny = null, object? condition = null)
    {
        var cli = fixture.Cli;
        var name = "invoker-" + Guid.NewGuid().ToString("N")[..8];
        (await cli.RunAsync("iam", "create-user", "--user-name", name)).ShouldSucceed();
        var key = (await cli.RunAsync("iam", "create-access-key", "--user-name", name)).ShouldSucceed().Json.GetProperty("AccessKey");
        var prefix = $"arn:aws:execute-api:{Region}:000000000000:{api.ApiId}/prod/";
        var statements = new List<object>
        {
            condition is null
                ? new { Effect = "Allow", Action = "execute-api:Invoke", Resource = prefix + allow }
                : new { Effect = "Allow", Action = "execute-api:Invoke", Resource = prefix + allow, Condition = condition },
        };
        if (alsoAllow is not null)
        {
            statements.Add(new { Effect = "Allow", Action = "execute-api:Invoke", Resource = prefix + alsoAllow });
        }

        if (deny is not null)
        {
            statements.Add(new { Effect = "Deny", Action = "execute-api:*", Resource = prefix + deny });
        }

        (await cli.RunAsync("iam", "put-user-policy", "--user-name", name, "--policy-name", "invoke",
            "--policy-document", JsonSerializer.Serialize(new { Version = "2012-10-17", Statement = statements }))).ShouldSucceed();
        return new TestUser(key.GetProperty("AccessKeyId").GetString()!, key.GetProperty("SecretAccessKey").GetString()!, $"arn:aws:iam::000000000000:user/{name}");
    }

    private sealed record TestApi(string ApiId, DataPlaneClient DataPlane)
    {
        public Uri Url(string pathAndQuery) => DataPlane.PathStyle(ApiId, pathAndQuery);
    }

    private sealed record TestUser(string AccessKeyId, string Secret, string Arn)
    {
        public SigV4Signer Signer(string? secret = null, string service = "execute-api", string region = Region) =>
            new(AccessKeyId, secret ?? Secret, region, service);
    }
}
