using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Gatehouse.Identity.SigV4;
using Gatehouse.IntegrationTests.Infrastructure;
using static Gatehouse.IntegrationTests.Infrastructure.ExternalProcess;

namespace Gatehouse.IntegrationTests.Identity;

/// <summary>
/// Given a loopback server that verifies every request with Gatehouse's SigV4 verifier, When real signers (the AWS CLI
/// v2 and v1, curl's --aws-sigv4, the npm packages @smithy/signature-v4 and aws4, our own HttpClient handler) send
/// requests to it, Then each signature verifies; and with a wrong secret each is refused with AWS's
/// InvalidSignatureException.
/// </summary>
public sealed class SignerInteropTests
{
    private const string WrongSecret = "not/the/Secret+Key/at/all/000000000000";
    private static readonly string IsolatedConfig = Path.Combine(Path.GetTempPath(), "gatehouse-it-no-aws-config");
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);
    private static readonly string SignersFolder = Path.Combine(RepositoryLayout.Root, "tests", "signers");

    private static void AssertVerified(SigV4CaptureServer server, string rawTarget, string service)
    {
        var received = server.TheOnlyRequest();
        Assert.True(received.Result.Succeeded, received.ToString());
        Assert.Equal(rawTarget, received.RawTarget);
        Assert.Equal(SigV4CaptureServer.Region, received.Result.Scope.Region);
        Assert.Equal(service, received.Result.Scope.Service);
    }

    private static void AssertRefused(SigV4CaptureServer server)
    {
        var received = server.TheOnlyRequest();
        Assert.False(received.Result.Succeeded, received.ToString());
        Assert.Equal("InvalidSignatureException", received.Result.Error.Code);
    }

    // ---- AWS CLI v2 (/usr/bin/aws) ----

    private static Task<ProcessResult> AwsAsync(string executable, SigV4CaptureServer server, string secret, string? sessionToken, params string[] arguments)
    {
        var environment = new Dictionary<string, string?>
        {
            ["AWS_ACCESS_KEY_ID"] = sessionToken is null ? SigV4CaptureServer.AccessKeyId : SigV4CaptureServer.TemporaryAccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = secret,
            ["AWS_SESSION_TOKEN"] = sessionToken,
            ["AWS_DEFAULT_REGION"] = SigV4CaptureServer.Region,
            ["AWS_PAGER"] = "",
            ["AWS_CONFIG_FILE"] = Path.Combine(IsolatedConfig, "config"),
            ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(IsolatedConfig, "credentials"),
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["AWS_MAX_ATTEMPTS"] = "1",
            ["AWS_PROFILE"] = null,
        };
        return ExternalProcess.RunAsync(executable, [.. arguments, "--endpoint-url", server.BaseUrl + "/production", "--output", "json"], environment);
    }

    [Fact]
    public async Task AwsCliV2_GetApis_Verified()
    {
        await using var server = await SigV4CaptureServer.StartAsync("apigateway");

        (await AwsAsync(AwsCli.Executable, server, SigV4CaptureServer.Secret, null, "apigatewayv2", "get-apis")).ShouldSucceed();

        AssertVerified(server, "/production/v2/apis", "apigateway");
    }

    [Fact]
    public async Task AwsCliV2_GetRouteWithSpaceAndSlashInId_Verified()
    {
        await using var server = await SigV4CaptureServer.StartAsync("apigateway");

        (await AwsAsync(AwsCli.Executable, server, SigV4CaptureServer.Secret, null, "apigatewayv2", "get-route", "--api-id", "abc123", "--route-id", "a b/c"))
            .ShouldSucceed();

        AssertVerified(server, "/production/v2/apis/abc123/routes/a%20b%2Fc", "apigateway");
    }

    [Fact]
    public async Task AwsCliV2_ManagementGetConnection_VerifiedWithAtSign()
    {
        await using var server = await SigV4CaptureServer.StartAsync("execute-api");

        (await AwsAsync(AwsCli.Executable, server, SigV4CaptureServer.Secret, null, "apigatewaymanagementapi", "get-connection", "--connection-id", "c1"))
            .ShouldSucceed();

        AssertVerified(server, "/production/@connections/c1", "execute-api");
    }

    [Fact]
    public async Task AwsCliV2_TemporaryCredentials_Verified()
    {
        await using var server = await SigV4CaptureServer.StartAsync("apigateway");

        (await AwsAsync(AwsCli.Executable, server, SigV4CaptureServer.TemporarySecret, SigV4CaptureServer.SessionToken, "apigatewayv2", "get-apis"))
            .ShouldSucceed();

        AssertVerified(server, "/production/v2/apis", "apigateway");
    }

    [Fact]
    public async Task AwsCliV2_WrongSecret_RefusedWithInvalidSignature()
    {
        await using var server = await SigV4CaptureServer.StartAsync("apigateway");

        var result = await AwsAsync(AwsCli.Executable, server, WrongSecret, null, "apigatewayv2", "get-apis");

        Assert.Equal(254, result.ExitCode);
        Assert.Contains("An error occurred (InvalidSignatureException) when calling the GetApis operation", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("The request signature we calculated does not match the signature you provided.", result.Stderr, StringComparison.Ordinal);
        AssertRefused(server);
    }

    // ---- AWS CLI v1 (the pyenv aws on PATH, when there is one) ----

    [AwsCliV1Fact]
    public async Task AwsCliV1_GetRouteWithSpaceAndSlashInId_Verified()
    {
        await using var server = await SigV4CaptureServer.StartAsync("apigateway");

        (await AwsAsync(AwsCliV1.Path!, server, SigV4CaptureServer.Secret, null, "apigatewayv2", "get-route", "--api-id", "abc123", "--route-id", "a b/c"))
            .ShouldSucceed();

        AssertVerified(server, "/production/v2/apis/abc123/routes/a%20b%2Fc", "apigateway");
    }

    [AwsCliV1Fact]
    public async Task AwsCliV1_ManagementGetConnection_VerifiedWithAtSign()
    {
        await using var server = await SigV4CaptureServer.StartAsync("execute-api");

        (await AwsAsync(AwsCliV1.Path!, server, SigV4CaptureServer.Secret, null, "apigatewaymanagementapi", "get-connection", "--connection-id", "c1"))
            .ShouldSucceed();

        AssertVerified(server, "/production/@connections/c1", "execute-api");
    }

    [AwsCliV1Fact]
    public async Task AwsCliV1_WrongSecret_RefusedWithInvalidSignature()
    {
        await using var server = await SigV4CaptureServer.StartAsync("apigateway");

        var result = await AwsAsync(AwsCliV1.Path!, server, WrongSecret, null, "apigatewayv2", "get-apis");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("InvalidSignatureException", result.Stderr, StringComparison.Ordinal);
        AssertRefused(server);
    }

    // ---- curl --aws-sigv4 ----

    private static async Task<ProcessResult> CurlAsync(string secret, params string[] arguments)
    {
        const string curl = "/usr/bin/curl";
        Assert.True(File.Exists(curl), "curl is not installed at /usr/bin/curl (scripts/test.sh installs it)");
        return await ExternalProcess.RunAsync(curl,
            ["-sS", "--aws-sigv4", "aws:amz:us-east-1:execute-api", "--user", $"{SigV4CaptureServer.AccessKeyId}:{secret}", "-w", "\n%{http_code}", .. arguments],
            new Dictionary<string, string?>());
    }

    [Fact]
    public async Task Curl_Get_Verified()
    {
        await using var server = await SigV4CaptureServer.StartAsync("execute-api");

        var result = await CurlAsync(SigV4CaptureServer.Secret, server.BaseUrl + "/production/pets?limit=10&type=dog");

        Assert.EndsWith("\n200", result.ShouldSucceed().Stdout, StringComparison.Ordinal);
        AssertVerified(server, "/production/pets?limit=10&type=dog", "execute-api");
    }

    [Fact]
    public async Task Curl_PostWithBody_Verified()
    {
        await using var server = await SigV4CaptureServer.StartAsync("execute-api");

        var result = await CurlAsync(SigV4CaptureServer.Secret, "-X", "POST", "-H", "Content-Type: application/json", "--data-binary", """{"name": "rex"}""",
            server.BaseUrl + "/production/pets");

        Assert.EndsWith("\n200", result.ShouldSucceed().Stdout, StringComparison.Ordinal);
        AssertVerified(server, "/production/pets", "execute-api");
    }

    [Fact]
    public async Task Curl_PathWithUnreservedCharactersOnly_Verified()
    {
        await using var server = await SigV4CaptureServer.StartAsync("execute-api");

        var result = await CurlAsync(SigV4CaptureServer.Secret, server.BaseUrl + "/production/pets/rex-1_2.3~4");

        Assert.EndsWith("\n200", result.ShouldSucceed().Stdout, StringComparison.Ordinal);
        AssertVerified(server, "/production/pets/rex-1_2.3~4", "execute-api");
    }

    /// <summary>
    /// curl 7.x (Debian 12 ships 7.88.1) signs the wire path as it is, so a path with <c>@</c> or an escape such as
    /// <c>%20</c> is signed as <c>/production/@connections/a%20b</c>; AWS, for every service but S3, signs the path
    /// encoded once more (<c>/production/%40connections/a%2520b</c>; aws-cli-on-the-wire.md A.1, aws/aws-sdk-js#853),
    /// so AWS refuses curl's signature, and Gatehouse refuses it the same way, naming the canonical string it expected.
    /// </summary>
    [Fact]
    public async Task Curl7_PathWithEscapedSpaceAndAtSign_RefusedAsAwsRefusesIt()
    {
        var version = await ExternalProcess.RunAsync("/usr/bin/curl", ["--version"], new Dictionary<string, string?>());
        if (!version.Stdout.StartsWith("curl 7.", StringComparison.Ordinal))
        {
            return; // Newer curl canonicalises the path; this pins 7.x's behaviour only.
        }

        await using var server = await SigV4CaptureServer.StartAsync("execute-api");

        var result = await CurlAsync(SigV4CaptureServer.Secret, server.BaseUrl + "/production/@connections/a%20b");

        Assert.EndsWith("\n403", result.ShouldSucceed().Stdout, StringComparison.Ordinal);
        var received = server.TheOnlyRequest();
        Assert.Equal("/production/@connections/a%20b", received.RawTarget);
        Assert.Equal("InvalidSignatureException", received.Result.Error?.Code);
        Assert.Contains("should have been\n'GET\n/production/%40connections/a%2520b\n", received.Result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Curl_WrongSecret_RefusedWithInvalidSignature()
    {
        await using var server = await SigV4CaptureServer.StartAsync("execute-api");

        var result = await CurlAsync(WrongSecret, server.BaseUrl + "/production/pets");

        Assert.EndsWith("\n403", result.ShouldSucceed().Stdout, StringComparison.Ordinal);
        AssertRefused(server);
    }

    // ---- npm signers: @smithy/signature-v4 and aws4 (tests/signers) ----

    private static async Task<NodeResult> NodeAsync(SigV4CaptureServer server, string signer, string mode, object request)
    {
        Assert.True(Directory.Exists(Path.Combine(SignersFolder, "node_modules", "@smithy", "signature-v4")) &&
                    Directory.Exists(Path.Combine(SignersFolder, "node_modules", "aws4")),
            $"the npm signers are not installed: run `npm ci` in {SignersFolder} (scripts/test.sh does)");
        var options = JsonSerializer.SerializeToElement(request);
        var merged = new Dictionary<string, object?>
        {
            ["signer"] = signer,
            ["mode"] = mode,
            ["port"] = server.Port,
            ["service"] = "execute-api",
            ["region"] = SigV4CaptureServer.Region,
        };
        foreach (var property in options.EnumerateObject())
        {
            merged[property.Name] = property.Value;
        }

        var result = await ExternalProcess.RunAsync("node", [Path.Combine(SignersFolder, "sign-and-send.mjs"), JsonSerializer.Serialize(merged)],
            new Dictionary<string, string?>(), workingDirectory: SignersFolder);
        result.ShouldSucceed();
        return JsonSerializer.Deserialize<NodeResult>(result.Stdout, WebJson)!;
    }

    private static object Credentials(string secret) => new { accessKeyId = SigV4CaptureServer.AccessKeyId, secretAccessKey = secret };

    public static TheoryData<string, string> SignersAndModes => new()
    {
        { "smithy", "header" },
        { "smithy", "presign" },
        { "aws4", "header" },
        { "aws4", "presign" },
    };

    [Theory]
    [MemberData(nameof(SignersAndModes))]
    public async Task Npm_GetWithSpacesAndRepeatedQueryNames_Verified(string signer, string mode)
    {
        await using var server = await SigV4CaptureServer.StartAsync("execute-api");

        var response = await NodeAsync(server, signer, mode, new
        {
            method = "GET",
            path = "/production/@connections/a%20b",
            query = new[] { new[] { "name", "a b c" }, new[] { "tag", "y" }, new[] { "tag", "x" }, new[] { "q", "1+1=2" } },
            accessKeyId = SigV4CaptureServer.AccessKeyId,
            secretAccessKey = SigV4CaptureServer.Secret,
        });

        Assert.True(response.Status == 200, $"{signer} {mode}: {response.Status} {response.Body} ({response.Path})");
        var received = server.TheOnlyRequest();
        Assert.True(received.Result.Succeeded, received.ToString());
        Assert.StartsWith("/production/@connections/a%20b?", received.RawTarget, StringComparison.Ordinal);
        Assert.Contains("name=a%20b%20c", received.RawTarget, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("smithy")]
    [InlineData("aws4")]
    public async Task Npm_PostWithBody_Verified(string signer)
    {
        await using var server = await SigV4CaptureServer.StartAsync("execute-api");

        var response = await NodeAsync(server, signer, "header", new
        {
            method = "POST",
            path = "/production/pets",
            headers = new Dictionary<string, string> { ["content-type"] = "application/json" },
            body = """{"name":"rex","tags":["a b"]}""",
            accessKeyId = SigV4CaptureServer.AccessKeyId,
            secretAccessKey = SigV4CaptureServer.Secret,
        });

        Assert.True(response.Status == 200, $"{signer}: {response.Status} {response.Body}");
        AssertVerified(server, "/production/pets", "execute-api");
    }

    [Theory]
    [MemberData(nameof(SignersAndModes))]
    public async Task Npm_TemporaryCredentials_Verified(string signer, string mode)
    {
        await using var server = await SigV4CaptureServer.StartAsync("execute-api");

        var response = await NodeAsync(server, signer, mode, new
        {
            method = "GET",
            path = "/production/pets",
            accessKeyId = SigV4CaptureServer.TemporaryAccessKeyId,
            secretAccessKey = SigV4CaptureServer.TemporarySecret,
            sessionToken = SigV4CaptureServer.SessionToken,
        });

        Assert.True(response.Status == 200, $"{signer} {mode}: {response.Status} {response.Body} ({response.Path})");
        Assert.True(server.TheOnlyRequest().Result.Succeeded);
    }

    [Theory]
    [MemberData(nameof(SignersAndModes))]
    public async Task Npm_WrongSecret_RefusedWithInvalidSignature(string signer, string mode)
    {
        await using var server = await SigV4CaptureServer.StartAsync("execute-api");

        var response = await NodeAsync(server, signer, mode, new
        {
            method = "GET",
            path = "/production/pets",
            query = new[] { new[] { "a", "1" } },
            accessKeyId = SigV4CaptureServer.AccessKeyId,
            secretAccessKey = WrongSecret,
        });

        Assert.Equal(403, response.Status);
        Assert.Contains("The request signature we calculated does not match", response.Body, StringComparison.Ordinal);
        AssertRefused(server);
    }

    // ---- Our own signer, through the HttpClient handler the other tests can use ----

    [Fact]
    public async Task SigningHandler_PostWithQueryAndBody_Verified()
    {
        await using var server = await SigV4CaptureServer.StartAsync("execute-api");
        using var client = new HttpClient(new SigV4SigningHandler(new SigV4Signer(SigV4CaptureServer.AccessKeyId, SigV4CaptureServer.Secret, "us-east-1", "execute-api"))
        {
            InnerHandler = new SocketsHttpHandler(),
        });
        client.DefaultRequestHeaders.Accept.ParseAdd("application/json");
        client.DefaultRequestHeaders.Accept.ParseAdd("text/plain");

        using var response = await client.PostAsync(server.BaseUrl + "/production/@connections/a%20b?x=1%202&x=0",
            new StringContent("""{"a": 1}""", Encoding.UTF8, "application/json"));

        Assert.Equal(200, (int)response.StatusCode);
        AssertVerified(server, "/production/@connections/a%20b?x=1%202&x=0", "execute-api");
    }

    [Fact]
    public async Task SigningHandler_WrongSecret_RefusedWithInvalidSignature()
    {
        await using var server = await SigV4CaptureServer.StartAsync("execute-api");
        using var client = new HttpClient(new SigV4SigningHandler(new SigV4Signer(SigV4CaptureServer.AccessKeyId, WrongSecret, "us-east-1", "execute-api"))
        {
            InnerHandler = new SocketsHttpHandler(),
        });

        using var response = await client.GetAsync(server.BaseUrl + "/production/pets");

        Assert.Equal(403, (int)response.StatusCode);
        Assert.Equal("InvalidSignatureException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        AssertRefused(server);
    }

    private sealed record NodeResult(int Status, string Body, string Path);
}

/// <summary>The AWS CLI v1 on PATH (Debian's machines here have pyenv's aws-cli 1.x first on PATH), if any.</summary>
internal static class AwsCliV1
{
    private static readonly Lazy<string?> Found = new(Find);

    public static string? Path => Found.Value;

    private static string? Find()
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = System.IO.Path.Combine(folder, "aws");
            if (!File.Exists(candidate) || candidate is AwsCli.Executable or "/bin/aws")
            {
                continue;
            }

            try
            {
                using var process = Process.Start(new ProcessStartInfo(candidate, "--version")
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                })!;
                var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
                if (process.WaitForExit(30_000) && output.StartsWith("aws-cli/1.", StringComparison.Ordinal))
                {
                    return candidate;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not runnable: keep looking.
            }
        }

        return null;
    }
}

/// <summary>A fact that needs the AWS CLI v1 on PATH; skipped, saying why, when there is none.</summary>
public sealed class AwsCliV1FactAttribute : FactAttribute
{
    public AwsCliV1FactAttribute()
    {
        if (AwsCliV1.Path is null)
        {
            Skip = "needs the AWS CLI v1 (aws-cli/1.x) on PATH, besides /usr/bin/aws (v2); none found";
        }
    }
}
