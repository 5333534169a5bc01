namespace Gatehouse.Functions;

/// <summary>How Gatehouse runs functions.</summary>
public sealed record FunctionsOptions
{
    /// <summary>Where code, worker output and function logs live.</summary>
    public required string DataDirectory { get; init; }

    public string Region { get; init; } = "us-east-1";

    public string AccountId { get; init; } = "000000000000";

    /// <summary>The account's concurrency limit (Lambda's default 1,000).</summary>
    public int AccountConcurrencyLimit { get; init; } = 1000;

    /// <summary>How long a warm worker may sit idle before it is stopped.</summary>
    public TimeSpan IdleWorkerTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a runtime may take to initialise before its first event (Lambda's init phase: 10 s).</summary>
    public TimeSpan InitTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Delays before the retries of a failed asynchronous invocation (Lambda: two retries, about 1 and 2 minutes).</summary>
    public IReadOnlyList<TimeSpan> EventRetryDelays { get; init; } = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2)];

    /// <summary>How long an asynchronous event is kept while throttled (Lambda: 6 hours).</summary>
    public TimeSpan EventMaximumAge { get; init; } = TimeSpan.FromHours(6);

    /// <summary>The credentials functions get in their environment (the development key by default).</summary>
    public string AccessKeyId { get; init; } = "test";

    public string SecretAccessKey { get; init; } = "test";
}
