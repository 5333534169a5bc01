using Gatehouse.Model.HttpApis;
using Yarp.ReverseProxy.Forwarder;

namespace Gatehouse.DataPlane.Integrations;

/// <summary>An HTTP_PROXY integration prepared once per deployment: its URI template, method, timeout and mappings.</summary>
public sealed class HttpProxyIntegration
{
    public HttpProxyIntegration(Integration integration)
    {
        ArgumentNullException.ThrowIfNull(integration);
        IntegrationId = integration.IntegrationId;
        Uri = new IntegrationUri(integration.IntegrationUri ?? "");
        Method = integration.IntegrationMethod is null or "ANY" ? null : new HttpMethod(integration.IntegrationMethod);
        Timeout = TimeSpan.FromMilliseconds(integration.TimeoutInMillis ?? 30000);
        RequestConfig = new ForwarderRequestConfig { ActivityTimeout = Timeout };

        var request = new List<ParameterMapping>();
        foreach (var (key, value) in integration.RequestParameters ?? new Dictionary<string, string>())
        {
            if (ParameterMapping.TryParseRequest(key, value, out var mapping, out var error))
            {
                request.Add(mapping);
            }
            else
            {
                throw new InvalidOperationException(error);
            }
        }

        RequestMappings = [.. request];
        var response = new Dictionary<int, ParameterMapping[]>();
        foreach (var (status, mappings) in integration.ResponseParameters ?? new Dictionary<string, IReadOnlyDictionary<string, string>>())
        {
            response[int.Parse(status, System.Globalization.CultureInfo.InvariantCulture)] = [.. mappings.Select(kv =>
                ParameterMapping.TryParseResponse(kv.Key, kv.Value, out var mapping, out var error) ? mapping : throw new InvalidOperationException(error))];
        }

        ResponseMappings = response;
    }

    public string IntegrationId { get; }

    public IntegrationUri Uri { get; }

    /// <summary>The method sent to the backend, or null to send the client's (integration method ANY).</summary>
    public HttpMethod? Method { get; }

    public TimeSpan Timeout { get; }

    public ForwarderRequestConfig RequestConfig { get; }

    public ParameterMapping[] RequestMappings { get; }

    public IReadOnlyDictionary<int, ParameterMapping[]> ResponseMappings { get; }

    public bool HasQueryOrPathMappings => RequestMappings.Any(m => m.Target is MappingTarget.QueryString or MappingTarget.Path);
}
