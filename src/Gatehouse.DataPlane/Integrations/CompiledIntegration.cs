using System.Globalization;
using Gatehouse.Model.HttpApis;

namespace Gatehouse.DataPlane.Integrations;

/// <summary>
/// An integration prepared once per deployment. What every kind shares: its id, its timeout and its parameter
/// mappings (HTTP APIs apply requestParameters and responseParameters to HTTP_PROXY and Lambda integrations alike).
/// </summary>
public abstract class CompiledIntegration
{
    protected CompiledIntegration(Integration integration)
    {
        ArgumentNullException.ThrowIfNull(integration);
        IntegrationId = integration.IntegrationId;
        Timeout = TimeSpan.FromMilliseconds(integration.TimeoutInMillis ?? 30000);

        var request = new List<ParameterMapping>();
        foreach (var (key, value) in integration.RequestParameters ?? new Dictionary<string, string>())
        {
            request.Add(ParameterMapping.TryParseRequest(key, value, out var mapping, out var error) ? mapping : throw new InvalidOperationException(error));
        }

        RequestMappings = [.. request];
        var response = new Dictionary<int, ParameterMapping[]>();
        foreach (var (status, mappings) in integration.ResponseParameters ?? new Dictionary<string, IReadOnlyDictionary<string, string>>())
        {
            response[int.Parse(status, CultureInfo.InvariantCulture)] = [.. mappings.Select(kv =>
                ParameterMapping.TryParseResponse(kv.Key, kv.Value, out var mapping, out var error) ? mapping : throw new InvalidOperationException(error))];
        }

        ResponseMappings = response;
        HasQueryOrPathMappings = RequestMappings.Any(m => m.Target is MappingTarget.QueryString or MappingTarget.Path);
    }

    public string IntegrationId { get; }

    /// <summary><c>timeoutInMillis</c>: how long the gateway waits for the integration.</summary>
    public TimeSpan Timeout { get; }

    public ParameterMapping[] RequestMappings { get; }

    public IReadOnlyDictionary<int, ParameterMapping[]> ResponseMappings { get; }

    public bool HasQueryOrPathMappings { get; }
}
