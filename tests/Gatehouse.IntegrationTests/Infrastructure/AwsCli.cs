using System.Text.Json;

namespace Gatehouse.IntegrationTests.Infrastructure;

/// <summary>
/// Runs the real AWS CLI v2 (<c>/usr/bin/aws</c>, Debian's awscli 2.9.19, not the v1 that may come first on PATH)
/// against a Gatehouse endpoint, with dummy credentials and JSON output.
/// </summary>
public sealed class AwsCli(Uri endpoint)
{
    public const string Executable = "/usr/bin/aws";

    // Config files that do not exist keep the developer's own ~/.aws settings out of the tests.
    private static readonly string IsolatedConfig = Path.Combine(Path.GetTempPath(), "gatehouse-it-no-aws-config");

    public Uri Endpoint { get; } = endpoint;

    /// <summary>The access key the CLI signs with: the development key unless a test says otherwise.</summary>
    public string AccessKeyId { get; init; } = "test";

    public string SecretAccessKey { get; init; } = "test";

    /// <summary>Runs <c>aws apigatewayv2 {arguments} --endpoint-url … --output json</c>.</summary>
    public Task<CliResult> ApiGatewayV2Async(params string[] arguments) => RunAsync(["apigatewayv2", .. arguments]);

    public async Task<CliResult> RunAsync(params string[] arguments)
    {
        if (!File.Exists(Executable))
        {
            // Not a skip: CI installs awscli, and a missing CLI must not turn the acceptance tests green.
            throw new InvalidOperationException(
                $"The AWS CLI v2 is not installed at {Executable}. Install Debian's awscli package (apt-get install awscli) to run the CLI tests.");
        }

        var environment = new Dictionary<string, string?>
        {
            ["AWS_ACCESS_KEY_ID"] = AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = SecretAccessKey,
            ["AWS_DEFAULT_REGION"] = "us-east-1",
            ["AWS_PAGER"] = "",
            ["AWS_CONFIG_FILE"] = Path.Combine(IsolatedConfig, "config"),
            ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(IsolatedConfig, "credentials"),
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["AWS_PROFILE"] = null,
        };
        var result = await ExternalProcess.RunAsync(Executable,
            [.. arguments, "--endpoint-url", Endpoint.ToString().TrimEnd('/'), "--output", "json"], environment);
        return new CliResult(arguments, result.ExitCode, result.Stdout, result.Stderr);
    }
}

/// <summary>What one CLI invocation produced.</summary>
public sealed class CliResult(IReadOnlyList<string> arguments, int exitCode, string stdout, string stderr)
{
    public IReadOnlyList<string> Arguments { get; } = arguments;

    public int ExitCode { get; } = exitCode;

    public string Stdout { get; } = stdout;

    public string Stderr { get; } = stderr;

    /// <summary>The CLI's JSON output (PascalCase member names, as the CLI prints them).</summary>
    public JsonElement Json => Stdout.Trim().Length == 0
        ? throw new InvalidOperationException($"aws {string.Join(' ', Arguments)} printed nothing (stderr: {Stderr})")
        : JsonDocument.Parse(Stdout).RootElement;

    /// <summary>Asserts exit code 0 and returns the JSON output, if any.</summary>
    public CliResult ShouldSucceed()
    {
        Assert.True(ExitCode == 0, $"aws {string.Join(' ', Arguments)} exited {ExitCode}\nstderr: {Stderr}\nstdout: {Stdout}");
        return this;
    }

    /// <summary>
    /// Asserts the CLI v2's way of reporting a service error: exit code 254 and
    /// <c>An error occurred (Code) when calling the Operation operation: message</c> on stderr.
    /// </summary>
    public string ShouldFailWith(string errorCode, string operation)
    {
        Assert.True(ExitCode == 254, $"aws {string.Join(' ', Arguments)}: expected exit code 254, got {ExitCode}\nstderr: {Stderr}\nstdout: {Stdout}");
        var prefix = $"An error occurred ({errorCode}) when calling the {operation} operation: ";
        var line = Stderr.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        Assert.True(line is not null, $"expected stderr to contain '{prefix}…', got: {Stderr}");
        return line[prefix.Length..];
    }
}
