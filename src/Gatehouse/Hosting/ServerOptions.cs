using Gatehouse.DataPlane;
using Gatehouse.Store.State;
using Gatehouse.Store.State.Redis;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Hosting;

internal sealed record ServerOptions
{
    public required string Urls { get; init; }

    /// <summary>The admin listener's addresses (control plane and /metrics); null: the public listener serves everything.</summary>
    public string? AdminUrls { get; init; }
    public required string DataDirectory { get; init; }
    public required string Region { get; init; }
    public required string AccountId { get; init; }
    public LogLevel LogLevel { get; init; } = LogLevel.Information;
    public double ControlPlaneRateLimit { get; init; } = 100;
    public int ControlPlaneBurstLimit { get; init; } = 200;
    public int LambdaConcurrencyLimit { get; init; } = 1000;
    public TimeSpan LambdaIdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether requests and invocations are recorded as AWS/ApiGateway and AWS/Lambda metrics (<c>--cloudwatch-metrics</c>).</summary>
    public bool CloudWatchMetrics { get; init; } = true;

    /// <summary>Replaces Lambda's retry delays for asynchronous invocations (tests use seconds).</summary>
    public TimeSpan? LambdaEventRetryDelay { get; init; }

    /// <summary>The IAM seed file (users, access keys, inline policies) applied at start; see <c>IamSeedFile</c>.</summary>
    public string? IamSeedFile { get; init; }

    /// <summary>
    /// The administrator's key (the account root), from <c>GATEHOUSE_ADMIN_ACCESS_KEY_ID</c> and
    /// <c>GATEHOUSE_ADMIN_SECRET_ACCESS_KEY</c>; null when not configured (then the development key <c>test</c>/<c>test</c>
    /// serves, on loopback only).
    /// </summary>
    public AdminCredentials? Admin { get; init; }

    /// <summary>The account-level data-plane limit over every API; null: none.</summary>
    public TokenBucketLimits? AccountThrottle { get; init; } = DataPlaneOptions.AwsAccountThrottle;

    /// <summary>The Redis that every node shares state through; null: this node's memory.</summary>
    public RedisStateStoreOptions? StateStore { get; init; }

    /// <summary>Where OTLP metrics and spans go; null: no OTLP export (Prometheus scraping stays on).</summary>
    public OtlpOptions? Otlp { get; init; }

    /// <summary>The share of requests without a caller's sampling decision whose spans are recorded (0 to 1).</summary>
    public double TraceSampleRatio { get; init; } = 1;

    /// <summary>How often alarms are evaluated: every minute, as CloudWatch does (tests shorten it).</summary>
    public TimeSpan AlarmEvaluationInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>JWT authorizers also accept ES256/384/512 tokens (AWS accepts RSA algorithms only).</summary>
    public bool JwtAllowEcdsa { get; init; }

    /// <summary>Where REST APIs' Cognito user pools issue tokens (<c>{endpoint}/{poolId}</c>); null: Amazon Cognito.</summary>
    public string? CognitoIdpEndpoint { get; init; }
}

/// <summary>The administrator's access key. The secret stays out of ToString, and so out of logs.</summary>
internal sealed record AdminCredentials(string AccessKeyId, string SecretAccessKey)
{
    public const string AccessKeyIdVariable = "GATEHOUSE_ADMIN_ACCESS_KEY_ID";
    public const string SecretAccessKeyVariable = "GATEHOUSE_ADMIN_SECRET_ACCESS_KEY";

    /// <summary>From the environment: both variables or neither (one alone is an error).</summary>
    public static AdminCredentials? FromEnvironment()
    {
        var id = Environment.GetEnvironmentVariable(AccessKeyIdVariable);
        var secret = Environment.GetEnvironmentVariable(SecretAccessKeyVariable);
        if (string.IsNullOrEmpty(id) && string.IsNullOrEmpty(secret))
        {
            return null;
        }

        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(secret))
        {
            throw new StartupException($"set both {AccessKeyIdVariable} and {SecretAccessKeyVariable}, or neither");
        }

        return new AdminCredentials(id, secret);
    }

    public override string ToString() => $"AdminCredentials {{ AccessKeyId = {AccessKeyId} }}";
}

/// <summary>A configuration Gatehouse refuses to start with; the message says what to change.</summary>
internal sealed class StartupException(string message) : Exception(message);
