namespace Gatehouse.Model.RestApis;

public sealed record RestStage
{
    public required string StageName { get; init; }
    public string? DeploymentId { get; init; }
    public string? Description { get; init; }
    public DateTimeOffset CreatedDate { get; init; }
    public DateTimeOffset LastUpdatedDate { get; init; }
    public bool CacheClusterEnabled { get; init; }
    public string? CacheClusterSize { get; init; }
    public string CacheClusterStatus { get; init; } = "NOT_AVAILABLE";
    public IReadOnlyDictionary<string, string>? Variables { get; init; }

    /// <summary>By <c>*/*</c> or <c>{resource path without its leading /}/{METHOD}</c>.</summary>
    public IReadOnlyDictionary<string, MethodSetting> MethodSettings { get; init; } = new Dictionary<string, MethodSetting>();

    public RestAccessLogSettings? AccessLogSettings { get; init; }
    public string? ClientCertificateId { get; init; }
    public string? DocumentationVersion { get; init; }
    public bool TracingEnabled { get; init; }
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
}

/// <summary>A stage's settings for all methods (<c>*/*</c>) or one; AWS materialises every field with its default.</summary>
public sealed record MethodSetting
{
    public bool MetricsEnabled { get; init; }
    public string? LoggingLevel { get; init; }
    public bool DataTraceEnabled { get; init; }
    public int ThrottlingBurstLimit { get; init; } = 5000;
    public double ThrottlingRateLimit { get; init; } = 10000.0;
    public bool CachingEnabled { get; init; }
    public int CacheTtlInSeconds { get; init; } = 300;
    public bool CacheDataEncrypted { get; init; }
    public bool RequireAuthorizationForCacheControl { get; init; } = true;
    public string UnauthorizedCacheControlHeaderStrategy { get; init; } = "SUCCEED_WITH_RESPONSE_HEADER";
}

public sealed record RestAccessLogSettings
{
    public string? Format { get; init; }
    public string? DestinationArn { get; init; }
}

public sealed record RestDeployment
{
    public required string Id { get; init; }
    public string? Description { get; init; }
    public DateTimeOffset CreatedDate { get; init; }
}
