using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.ControlPlane.Iam;

/// <summary>
/// IAM and STS driven by the real AWS CLI v2 (<c>/usr/bin/aws iam …</c>, <c>aws sts get-caller-identity</c>) against a
/// real server of its own (the tests restart it and read its data directory).
/// </summary>
public sealed class IamCliTests : IAsyncLifetime
{
    private const string SeedSecret = "SeedSecretKey/0123456789abcdefghijklmnop";
    private const string SeedKeyId = "AKIASEEDEDCIKEY00001";
    private GatehouseProcess _server = null!;
    private string _seedFile = null!;

    private AwsCli Cli => new(_server.BaseAddress);

    public async Task InitializeAsync()
    {
        _seedFile = Path.Combine(Path.GetTempPath(), "gatehouse-it-seed-" + Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(_seedFile, $$"""
            { "users": [ { "userName": "ci", "path": "/ci/",
                "accessKeys": [ { "accessKeyId": "{{SeedKeyId}}", "secretAccessKey": "{{SeedSecret}}" } ],
                "policies": { "read-self": { "Version": "2012-10-17", "Statement": { "Effect": "Allow", "Action": ["iam:GetUser", "iam:ListAccessKeys"], "Resource": "arn:aws:iam::*:user/ci/*" } } } } ] }
            """);
        _server = await GatehouseProcess.StartAsync([.. GatehouseFixture.Unthrottled, "--iam-seed-file", _seedFile]);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        File.Delete(_seedFile);
    }

    private Task<CliResult> IamAsync(params string[] arguments) => Cli.RunAsync(["iam", .. arguments]);

    [Fact]
    public async Task GivenTheCli_WhenAUserGetsKeysAndPolicies_ThenIamAnswersAsAws()
    {
        // Create, with a path and tags.
        var user = (await IamAsync("create-user", "--user-name", "alice", "--path", "/team/", "--tags", "Key=team,Value=pets")).ShouldSucceed().Json.GetProperty("User");
        Assert.Equal("arn:aws:iam::000000000000:user/team/alice", user.GetProperty("Arn").GetString());
        Assert.Matches("^AIDA[A-Z0-9]{17}$", user.GetProperty("UserId").GetString());
        Assert.Equal("pets", user.GetProperty("Tags")[0].GetProperty("Value").GetString());
        Assert.Equal("User with name ALICE already exists.", (await IamAsync("create-user", "--user-name", "ALICE")).ShouldFailWith("EntityAlreadyExists", "CreateUser"));

        // Two keys, not three; the secret only in CreateAccessKey's answer.
        var key = (await IamAsync("create-access-key", "--user-name", "alice")).ShouldSucceed().Json.GetProperty("AccessKey");
        var keyId = key.GetProperty("AccessKeyId").GetString()!;
        var secret = key.GetProperty("SecretAccessKey").GetString()!;
        Assert.Matches("^AKIA[A-Z0-9]{16}$", keyId);
        Assert.Equal(40, secret.Length);
        (await IamAsync("create-access-key", "--user-name", "alice")).ShouldSucceed();
        Assert.Equal("Cannot exceed quota for AccessKeysPerUser: 2", (await IamAsync("create-access-key", "--user-name", "alice")).ShouldFailWith("LimitExceeded", "CreateAccessKey"));
        var keys = (await IamAsync("list-access-keys", "--user-name", "alice")).ShouldSucceed();
        Assert.Equal(2, keys.Json.GetProperty("AccessKeyMetadata").GetArrayLength());
        Assert.DoesNotContain(secret, keys.Stdout, StringComparison.Ordinal);

        // The new key is the user's identity for STS.
        var caller = (await RunAsAsync(keyId, secret, "sts", "get-caller-identity")).ShouldSucceed().Json;
        Assert.Equal("arn:aws:iam::000000000000:user/team/alice", caller.GetProperty("Arn").GetString());
        Assert.Equal(user.GetProperty("UserId").GetString(), caller.GetProperty("UserId").GetString());
        Assert.Equal("000000000000", caller.GetProperty("Account").GetString());

        // Policies: put, read back (the CLI decodes IAM's URL-encoded document), list, refuse a malformed one.
        const string document = """{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "arn:aws:execute-api:us-east-1:000000000000:*/prod/GET/*"}]}""";
        (await IamAsync("put-user-policy", "--user-name", "alice", "--policy-name", "invoke", "--policy-document", document)).ShouldSucceed();
        var policy = (await IamAsync("get-user-policy", "--user-name", "alice", "--policy-name", "invoke")).ShouldSucceed().Json;
        Assert.Equal("execute-api:Invoke", policy.GetProperty("PolicyDocument").GetProperty("Statement")[0].GetProperty("Action").GetString());
        Assert.Equal(["invoke"], (await IamAsync("list-user-policies", "--user-name", "alice")).ShouldSucceed().Json.GetProperty("PolicyNames").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("Policy statement must contain actions.", (await IamAsync("put-user-policy", "--user-name", "alice", "--policy-name", "bad",
            "--policy-document", """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Resource":"*"}}""")).ShouldFailWith("MalformedPolicyDocument", "PutUserPolicy"));

        // The user's own key is held to its policies: no iam:* allowed.
        var denied = (await RunAsAsync(keyId, secret, "iam", "list-users")).ShouldFailWith("AccessDenied", "ListUsers");
        Assert.Contains("is not authorized to perform: iam:ListUsers", denied, StringComparison.Ordinal);

        // Deleting needs the keys and policies gone first.
        Assert.Equal("Cannot delete entity, must delete access keys first.", (await IamAsync("delete-user", "--user-name", "alice")).ShouldFailWith("DeleteConflict", "DeleteUser"));
        foreach (var metadata in keys.Json.GetProperty("AccessKeyMetadata").EnumerateArray())
        {
            (await IamAsync("delete-access-key", "--user-name", "alice", "--access-key-id", metadata.GetProperty("AccessKeyId").GetString()!)).ShouldSucceed();
        }

        Assert.Equal("Cannot delete entity, must delete policies first.", (await IamAsync("delete-user", "--user-name", "alice")).ShouldFailWith("DeleteConflict", "DeleteUser"));
        (await IamAsync("delete-user-policy", "--user-name", "alice", "--policy-name", "invoke")).ShouldSucceed();
        (await IamAsync("delete-user", "--user-name", "alice")).ShouldSucceed();
        Assert.Equal("The user with name alice cannot be found.", (await IamAsync("get-user", "--user-name", "alice")).ShouldFailWith("NoSuchEntity", "GetUser"));
        (await RunAsAsync(keyId, secret, "sts", "get-caller-identity")).ShouldFailWith("InvalidClientTokenId", "GetCallerIdentity");
    }

    [Fact]
    public async Task GivenBadInput_WhenTheCliSendsIt_ThenIamAnswersWithItsErrors()
    {
        Assert.StartsWith("1 validation error detected: Value 'bad name!' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern",
            (await IamAsync("create-user", "--user-name", "bad name!")).ShouldFailWith("ValidationError", "CreateUser"), StringComparison.Ordinal);
        Assert.Equal("The user with name nobody cannot be found.", (await IamAsync("create-access-key", "--user-name", "nobody")).ShouldFailWith("NoSuchEntity", "CreateAccessKey"));
        (await IamAsync("create-user", "--user-name", "carol")).ShouldSucceed();
        Assert.Equal("The Access Key with id AKIA0000000000000000 cannot be found.",
            (await IamAsync("update-access-key", "--user-name", "carol", "--access-key-id", "AKIA0000000000000000", "--status", "Inactive")).ShouldFailWith("NoSuchEntity", "UpdateAccessKey"));
        Assert.Equal("The user policy with name none cannot be found.",
            (await IamAsync("get-user-policy", "--user-name", "carol", "--policy-name", "none")).ShouldFailWith("NoSuchEntity", "GetUserPolicy"));
    }

    [Fact]
    public async Task GivenManyUsers_WhenListedInPages_ThenEveryUserComesOnceInOrder()
    {
        var names = Enumerable.Range(0, 5).Select(i => $"page-user-{i}").ToList();
        foreach (var name in names)
        {
            (await IamAsync("create-user", "--user-name", name, "--path", "/paging/")).ShouldSucceed();
        }

        var first = (await IamAsync("list-users", "--path-prefix", "/paging/", "--max-items", "2")).ShouldSucceed().Json;
        Assert.Equal(2, first.GetProperty("Users").GetArrayLength());
        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = (await IamAsync(token is null
                ? ["list-users", "--path-prefix", "/paging/", "--page-size", "2", "--max-items", "2"]
                : ["list-users", "--path-prefix", "/paging/", "--page-size", "2", "--max-items", "2", "--starting-token", token])).ShouldSucceed().Json;
            seen.AddRange(page.GetProperty("Users").EnumerateArray().Select(u => u.GetProperty("UserName").GetString()!));
            token = page.TryGetProperty("NextToken", out var next) ? next.GetString() : null;
        }
        while (token is not null);

        Assert.Equal(names, seen);
        var all = (await IamAsync("list-users")).ShouldSucceed().Json.GetProperty("Users").EnumerateArray().Select(u => u.GetProperty("UserName").GetString()).ToList();
        Assert.Contains("ci", all);
    }

    [Fact]
    public async Task GivenTheSeedFile_WhenTheServerStarts_ThenItsKeyWorksAndItsPolicyApplies()
    {
        var caller = (await RunAsAsync(SeedKeyId, SeedSecret, "sts", "get-caller-identity")).ShouldSucceed().Json;
        Assert.Equal("arn:aws:iam::000000000000:user/ci/ci", caller.GetProperty("Arn").GetString());

        var self = (await RunAsAsync(SeedKeyId, SeedSecret, "iam", "get-user")).ShouldSucceed().Json.GetProperty("User");
        Assert.Equal("ci", self.GetProperty("UserName").GetString());
        (await RunAsAsync(SeedKeyId, SeedSecret, "iam", "create-user", "--user-name", "intruder")).ShouldFailWith("AccessDenied", "CreateUser");

        // Restarting applies the seed again: the user is not duplicated.
        await _server.RestartAsync();
        var users = (await IamAsync("list-users", "--path-prefix", "/ci/")).ShouldSucceed().Json.GetProperty("Users");
        Assert.Equal(1, users.GetArrayLength());
    }

    [Fact]
    public async Task GivenKeysAndPolicies_WhenTheServerRestarts_ThenTheyWorkAgainAndNoSecretIsOnDiskInClear()
    {
        (await IamAsync("create-user", "--user-name", "durable")).ShouldSucceed();
        var key = (await IamAsync("create-access-key", "--user-name", "durable")).ShouldSucceed().Json.GetProperty("AccessKey");
        var keyId = key.GetProperty("AccessKeyId").GetString()!;
        var secret = key.GetProperty("SecretAccessKey").GetString()!;
        (await IamAsync("put-user-policy", "--user-name", "durable", "--policy-name", "p",
            "--policy-document", """{"Statement":{"Effect":"Allow","Action":"iam:GetUser","Resource":"*"}}""")).ShouldSucceed();

        await _server.RestartAsync();

        Assert.Equal("durable", (await RunAsAsync(keyId, secret, "iam", "get-user")).ShouldSucceed().Json.GetProperty("User").GetProperty("UserName").GetString());
        Assert.Equal("p", (await IamAsync("list-user-policies", "--user-name", "durable")).ShouldSucceed().Json.GetProperty("PolicyNames")[0].GetString());
        await _server.StopAsync();
        foreach (var file in Directory.EnumerateFiles(_server.DataDirectory, "*", SearchOption.AllDirectories))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.False(Contains(bytes, Encoding.UTF8.GetBytes(secret)), $"{file} holds a secret access key in clear");
            Assert.False(Contains(bytes, Encoding.UTF8.GetBytes(SeedSecret)), $"{file} holds the seeded secret in clear");
        }

        Assert.False(Contains(Encoding.UTF8.GetBytes(_server.Output), Encoding.UTF8.GetBytes(secret)), "the server's output holds a secret");
        var keyFile = Path.Combine(_server.DataDirectory, "keys", "secrets.key");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }
    }

    [Fact]
    public async Task GivenAnUnknownKey_WhenItCallsSts_ThenItIsInvalidClientTokenId()
    {
        Assert.Equal("The security token included in the request is invalid.",
            (await RunAsAsync("AKIANOBODY0000000000", "whatever", "sts", "get-caller-identity")).ShouldFailWith("InvalidClientTokenId", "GetCallerIdentity"));
        var root = (await Cli.RunAsync("sts", "get-caller-identity")).ShouldSucceed().Json;
        Assert.Equal("arn:aws:iam::000000000000:root", root.GetProperty("Arn").GetString());
    }

    [Fact]
    public async Task GivenAUserPolicy_WhenTheUserCallsLogsCloudWatchAndSns_ThenOnlyWhatThePolicyAllowsRuns()
    {
        (await IamAsync("create-user", "--user-name", "operator")).ShouldSucceed();
        var key = (await IamAsync("create-access-key", "--user-name", "operator")).ShouldSucceed().Json.GetProperty("AccessKey");
        var (keyId, secret) = (key.GetProperty("AccessKeyId").GetString()!, key.GetProperty("SecretAccessKey").GetString()!);
        const string document = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "logs:*", "Resource": "arn:aws:logs:us-east-1:000000000000:log-group:/allowed:*"},
              {"Effect": "Allow", "Action": "cloudwatch:PutMetricData", "Resource": "*"},
              {"Effect": "Allow", "Action": "cloudwatch:PutMetricAlarm", "Resource": "arn:aws:cloudwatch:us-east-1:000000000000:alarm:ok-*"},
              {"Effect": "Allow", "Action": "sns:CreateTopic", "Resource": "arn:aws:sns:us-east-1:000000000000:allowed-*"},
              {"Effect": "Deny", "Action": "logs:DeleteLogGroup", "Resource": "*"}]}
            """;
        (await IamAsync("put-user-policy", "--user-name", "operator", "--policy-name", "ops", "--policy-document", document)).ShouldSucceed();
        const string user = "arn:aws:iam::000000000000:user/operator";

        // CloudWatch Logs (awsJson 1.1): the group and its streams by the group's ARN with ':*'.
        (await RunAsAsync(keyId, secret, "logs", "create-log-group", "--log-group-name", "/allowed")).ShouldSucceed();
        (await RunAsAsync(keyId, secret, "logs", "create-log-stream", "--log-group-name", "/allowed", "--log-stream-name", "s")).ShouldSucceed();
        (await RunAsAsync(keyId, secret, "logs", "put-log-events", "--log-group-name", "/allowed", "--log-stream-name", "s",
            "--log-events", "timestamp=1,message=hello")).ShouldSucceed();
        Assert.Equal($"User: {user} is not authorized to perform: logs:CreateLogGroup on resource: arn:aws:logs:us-east-1:000000000000:log-group:/other:log-stream: " +
            "because no identity-based policy allows the logs:CreateLogGroup action",
            (await RunAsAsync(keyId, secret, "logs", "create-log-group", "--log-group-name", "/other")).ShouldFailWith("AccessDeniedException", "CreateLogGroup"));
        Assert.EndsWith("with an explicit deny in an identity-based policy",
            (await RunAsAsync(keyId, secret, "logs", "delete-log-group", "--log-group-name", "/allowed")).ShouldFailWith("AccessDeniedException", "DeleteLogGroup"),
            StringComparison.Ordinal);

        // CloudWatch (the CLI's query protocol): '*' for metric data, the alarm's ARN for alarms.
        (await RunAsAsync(keyId, secret, "cloudwatch", "put-metric-data", "--namespace", "Ops", "--metric-name", "M", "--value", "1")).ShouldSucceed();
        (await RunAsAsync(keyId, secret, "cloudwatch", "list-metrics")).ShouldFailWith("AccessDenied", "ListMetrics");
        string[] alarm = ["cloudwatch", "put-metric-alarm", "--namespace", "Ops", "--metric-name", "M", "--statistic", "Sum", "--period", "60",
            "--evaluation-periods", "1", "--threshold", "1", "--comparison-operator", "GreaterThanThreshold", "--alarm-name"];
        (await RunAsAsync(keyId, secret, [.. alarm, "ok-1"])).ShouldSucceed();
        Assert.Contains("on resource: arn:aws:cloudwatch:us-east-1:000000000000:alarm:other",
            (await RunAsAsync(keyId, secret, [.. alarm, "other"])).ShouldFailWith("AccessDenied", "PutMetricAlarm"), StringComparison.Ordinal);

        // SNS: the topic's ARN.
        (await RunAsAsync(keyId, secret, "sns", "create-topic", "--name", "allowed-1")).ShouldSucceed();
        Assert.Contains("SNS:CreateTopic on resource: arn:aws:sns:us-east-1:000000000000:other",
            (await RunAsAsync(keyId, secret, "sns", "create-topic", "--name", "other")).ShouldFailWith("AuthorizationError", "CreateTopic"), StringComparison.Ordinal);

        // The development key (the account's root) may still do everything.
        (await Cli.RunAsync("logs", "create-log-group", "--log-group-name", "/other")).ShouldSucceed();
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    /// <summary>Runs the CLI with other credentials than the development key.</summary>
    private async Task<CliResult> RunAsAsync(string accessKeyId, string secretAccessKey, params string[] arguments)
    {
        var start = new ProcessStartInfo(AwsCli.Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments.Concat(["--endpoint-url", _server.BaseAddress.ToString().TrimEnd('/'), "--output", "json"]))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["AWS_ACCESS_KEY_ID"] = accessKeyId;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = secretAccessKey;
        start.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
        start.Environment["AWS_PAGER"] = "";
        start.Environment["AWS_CONFIG_FILE"] = "/nonexistent/config";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/credentials";
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment.Remove("AWS_PROFILE");
        start.Environment.Remove("AWS_SESSION_TOKEN");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return new CliResult(arguments, process.ExitCode, await stdout, await stderr);
    }
}
