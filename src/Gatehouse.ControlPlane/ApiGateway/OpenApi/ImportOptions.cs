namespace Gatehouse.ControlPlane.ApiGateway.OpenApi;

/// <summary>ImportRestApi's and PutRestApi's query parameters.</summary>
internal sealed record ImportOptions
{
    /// <summary><c>ignore</c> (the default), <c>prepend</c> or <c>split</c>.</summary>
    public string BasePath { get; init; } = "ignore";

    public bool FailOnWarnings { get; init; }

    /// <summary><c>ignore=documentation</c>: documentation parts are left out.</summary>
    public bool IgnoreDocumentation { get; init; }

    /// <summary><c>endpointConfigurationTypes</c>: the endpoint type of a new API.</summary>
    public string? EndpointConfigurationType { get; init; }
}
