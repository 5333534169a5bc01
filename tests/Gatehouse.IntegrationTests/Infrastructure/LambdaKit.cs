using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Gatehouse.IntegrationTests.Infrastructure;

/// <summary>
/// What the Lambda tests share: deployment packages built in the test (System.IO.Compression), the CLI's
/// <c>aws lambda ...</c>, and assertions on Lambda's error shape.
/// </summary>
internal static class LambdaKit
{
    public const string Role = "arn:aws:iam::000000000000:role/lambda-role";
    public const string Account = "000000000000";

    public static string Arn(string name) => $"arn:aws:lambda:us-east-1:{Account}:function:{name}";

    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>A Node.js package whose handler returns <paramref name="marker"/>, so different markers give different code.</summary>
    public static byte[] NodeZip(string marker = "hello") =>
        Zip(("index.js", $"exports.handler = async (event) => ({{ marker: '{marker}', event }});\n", 0x8000 | 0b110_100_100));

    /// <summary>A custom-runtime package: an executable <c>bootstrap</c>.</summary>
    public static byte[] BootstrapZip() =>
        Zip(("bootstrap", "#!/bin/sh\nexit 0\n", 0x8000 | 0b111_101_101));

    public static byte[] Zip(params (string Path, string Content, int Mode)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content, mode) in entries)
            {
                var entry = archive.CreateEntry(path);
                entry.ExternalAttributes = mode << 16;
                using var stream = entry.Open();
                stream.Write(Encoding.UTF8.GetBytes(content));
            }
        }

        return buffer.ToArray();
    }

    public static string Sha256(byte[] zip) => Convert.ToBase64String(SHA256.HashData(zip));

    /// <summary>Writes the zip to a temporary file and returns the CLI's <c>fileb://</c> argument for it.</summary>
    public static string FileArgument(byte[] zip)
    {
        var path = Path.Combine(Path.GetTempPath(), "gatehouse-it-" + Guid.NewGuid().ToString("N") + ".zip");
        File.WriteAllBytes(path, zip);
        return "fileb://" + path;
    }

    public static Task<CliResult> LambdaAsync(this AwsCli cli, params string[] arguments) => cli.RunAsync(["lambda", .. arguments]);

    private static readonly SemaphoreSlim EchoGate = new(1, 1);
    private static readonly Dictionary<GatehouseFixture, string> EchoFunctions = [];

    /// <summary>
    /// A Node.js function that answers 200 with the event it got as its JSON body: one per server, made on first use.
    /// </summary>
    public static async Task<string> EventEchoFunctionAsync(this GatehouseFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        await EchoGate.WaitAsync();
        try
        {
            if (!EchoFunctions.TryGetValue(fixture, out var name))
            {
                name = UniqueName("event-echo");
                await fixture.Cli.CreateFunctionAsync(name, Zip(("index.js",
                    "exports.handler = async (event) => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });\n",
                    0x8000 | 0b110_100_100)));
                EchoFunctions[fixture] = name;
            }

            return name;
        }
        finally
        {
            EchoGate.Release();
        }
    }

    /// <summary><c>aws lambda create-function</c> (Node.js 20 unless told otherwise), then waits until it is Active.</summary>
    public static async Task<JsonElement> CreateFunctionAsync(this AwsCli cli, string name, byte[]? zip = null, params string[] extra)
    {
        var created = (await cli.LambdaAsync([
            "create-function", "--function-name", name, "--runtime", "nodejs20.x", "--handler", "index.handler",
            "--role", Role, "--zip-file", FileArgument(zip ?? NodeZip()), .. extra])).ShouldSucceed().Json;
        (await cli.LambdaAsync("wait", "function-active-v2", "--function-name", name)).ShouldSucceed();
        return created;
    }

    /// <summary>Waits (briefly) until $LATEST has settled its last update, as the function-updated waiter would.</summary>
    public static async Task WaitUpdatedAsync(this ControlPlaneClient control, string name)
    {
        for (var i = 0; i < 200; i++)
        {
            var configuration = (await control.GetAsync($"/2015-03-31/functions/{name}/configuration")).ShouldBe(HttpStatusCode.OK).Json;
            if (configuration.GetProperty("State").GetString() == "Active" &&
                configuration.TryGetProperty("LastUpdateStatus", out var status) && status.GetString() == "Successful")
            {
                return;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"function {name} did not settle");
    }

    /// <summary>
    /// Asserts Lambda's rest-json error: status, <c>x-amzn-ErrorType</c>, a JSON body with <c>message</c> or
    /// <c>Message</c> (and <c>"Type":"User"</c> for Lambda's own exceptions); returns the message.
    /// </summary>
    public static string ShouldBeLambdaError(this ControlPlaneResponse response, HttpStatusCode status, string errorType)
    {
        response.ShouldBe(status);
        Assert.True(response.ErrorType == errorType, $"{response.Request}: expected x-amzn-ErrorType {errorType}, got '{response.ErrorType}': {response.Text}");
        var json = response.Json;
        if (errorType is not ("ValidationException" or "RequestEntityTooLargeException"))
        {
            Assert.True(json.TryGetProperty("Type", out var type) && type.GetString() == "User", $"{response.Request}: expected \"Type\":\"User\" in {response.Text}");
        }

        return json.TryGetProperty("message", out var message) || json.TryGetProperty("Message", out message)
            ? message.GetString()!
            : throw new InvalidOperationException($"{response.Request}: no message in {response.Text}");
    }
}

/// <summary>The Lambda tests' own server: they run beside the API Gateway collections.</summary>
[CollectionDefinition(Name)]
public sealed class LambdaCollection : ICollectionFixture<GatehouseFixture>
{
    public const string Name = "lambda";
}
