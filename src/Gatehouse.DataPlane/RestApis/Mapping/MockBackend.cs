using System.Globalization;
using System.Text;

namespace Gatehouse.DataPlane.RestApis.Mapping;

/// <summary>
/// MOCK: no call. The integration request body (the rendered request template) names the status in
/// <c>statusCode</c>, which the integration responses' selection patterns are matched against
/// (how-to-mock-integration). Without a template the default integration response answers.
/// </summary>
public sealed class MockBackend : IntegrationBackend
{
    public override ValueTask<BackendResult> CallAsync(MethodRequestData request, IntegrationRequest integrationRequest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(integrationRequest);
        var body = Encoding.UTF8.GetString(integrationRequest.Body.Span);
        var result = MockStatusCode.Read(body, out var status) switch
        {
            MockStatusRead.Found => new BackendResult
            {
                Response = new EndpointResponse { StatusCode = status, SelectionValue = status.ToString(CultureInfo.InvariantCulture) },
            },
            MockStatusRead.Empty => new BackendResult { Response = new EndpointResponse { StatusCode = 200, SelectionValue = "" } },
            _ => BackendResult.Failed(RestIntegrationFailure.ConfigurationError,
                "Execution failed due to configuration error: Unable to parse statusCode. It should be an integer that is defined in the request template."),
        };
        return ValueTask.FromResult(result);
    }
}
