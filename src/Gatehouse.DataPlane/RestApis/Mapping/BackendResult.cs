namespace Gatehouse.DataPlane.RestApis.Mapping;

/// <summary>What calling the backend gave: its answer, or the failure to report, with what the access log records.</summary>
public sealed record BackendResult
{
    public EndpointResponse? Response { get; init; }

    public RestIntegrationFailure? Failure { get; init; }

    public int? IntegrationStatus { get; init; }

    public string? IntegrationError { get; init; }

    public TimeSpan? Latency { get; init; }

    public string? RequestId { get; init; }

    public static BackendResult Failed(RestIntegrationFailure failure, string error, TimeSpan? latency = null) =>
        new() { Failure = failure, IntegrationError = error, Latency = latency };
}
