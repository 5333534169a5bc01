using Microsoft.Extensions.Logging;

namespace Gatehouse.Hosting;

internal sealed record ServerOptions
{
    public required string Urls { get; init; }
    public required string DataDirectory { get; init; }
    public required string Region { get; init; }
    public required string AccountId { get; init; }
    public LogLevel LogLevel { get; init; } = LogLevel.Information;
    public double ControlPlaneRateLimit { get; init; } = 100;
    public int ControlPlaneBurstLimit { get; init; } = 200;
    public int LambdaConcurrencyLimit { get; init; } = 1000;
    public TimeSpan LambdaIdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Replaces Lambda's retry delays for asynchronous invocations (tests use seconds).</summary>
    public TimeSpan? LambdaEventRetryDelay { get; init; }

    /// <summary>The IAM seed file (users, access keys, inline policies) applied at start; see <c>IamSeedFile</c>.</summary>
    public string? IamSeedFile { get; init; }
}
