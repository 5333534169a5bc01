namespace Gatehouse.DataPlane.RestApis.Mapping;

/// <summary>The call of a non-proxy integration: HTTP, AWS (Lambda) or MOCK, each compiled once per deployment.</summary>
public abstract class IntegrationBackend
{
    /// <summary>Sends the mapped request; expected failures (timeouts, unreachable backends) come back as values.</summary>
    public abstract ValueTask<BackendResult> CallAsync(MethodRequestData request, IntegrationRequest integrationRequest, CancellationToken cancellationToken);
}
