using Gatehouse.Model.HttpApis;
using Yarp.ReverseProxy.Forwarder;

namespace Gatehouse.DataPlane.Integrations;

/// <summary>An HTTP_PROXY integration prepared once per deployment: its URI template, method, timeout and mappings.</summary>
public sealed class HttpProxyIntegration : CompiledIntegration
{
    public HttpProxyIntegration(Integration integration)
        : base(integration)
    {
        Uri = new IntegrationUri(integration.IntegrationUri ?? "");
        Method = integration.IntegrationMethod is null or "ANY" ? null : new HttpMethod(integration.IntegrationMethod);
        RequestConfig = new ForwarderRequestConfig { ActivityTimeout = Timeout };
    }

    public IntegrationUri Uri { get; }

    /// <summary>The method sent to the backend, or null to send the client's (integration method ANY).</summary>
    public HttpMethod? Method { get; }

    public ForwarderRequestConfig RequestConfig { get; }
}
