namespace Gatehouse.Model.HttpApis;

public sealed record Stage
{
    /// <summary>The name of the stage that is served without a stage segment in the path.</summary>
    public const string DefaultStageName = "$default";

    public required string StageName { get; init; }
    public AccessLogSettings? AccessLogSettings { get; init; }
    public bool? ApiGatewayManaged { get; init; }
    public bool? AutoDeploy { get; init; }
    public string? ClientCertificateId { get; init; }
    public DateTimeOffset CreatedDate { get; init; }
    public RouteSettings? DefaultRouteSettings { get; init; }
    public string? DeploymentId { get; init; }
    public string? Description { get; init; }
    public string? LastDeploymentStatusMessage { get; init; }
    public DateTimeOffset LastUpdatedDate { get; init; }
    public IReadOnlyDictionary<string, RouteSettings>? RouteSettings { get; init; }
    public IReadOnlyDictionary<string, string>? StageVariables { get; init; }
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
}

public sealed record RouteSettings
{
    public bool? DataTraceEnabled { get; init; }
    public bool? DetailedMetricsEnabled { get; init; }
    public string? LoggingLevel { get; init; }
    public int? ThrottlingBurstLimit { get; init; }
    public double? ThrottlingRateLimit { get; init; }
}

public sealed record AccessLogSettings
{
    public string? DestinationArn { get; init; }
    public string? Format { get; init; }
}
