using Gatehouse.DataPlane.Integrations.Lambda;
using Gatehouse.DataPlane.RestApis.Mapping;
using Gatehouse.Model.HttpApis;
using Gatehouse.Model.RestApis;
using Yarp.ReverseProxy.Forwarder;

namespace Gatehouse.DataPlane.RestApis;

/// <summary>A method's integration, prepared once per deployment.</summary>
public abstract class RestIntegrationTarget
{
    protected RestIntegrationTarget(RestIntegration integration)
    {
        ArgumentNullException.ThrowIfNull(integration);
        Type = integration.Type;
        Timeout = TimeSpan.FromMilliseconds(integration.TimeoutInMillis);
    }

    /// <summary><c>AWS_PROXY</c>, <c>HTTP_PROXY</c>, <c>HTTP</c>, <c>AWS</c> or <c>MOCK</c>.</summary>
    public string Type { get; }

    /// <summary><c>timeoutInMillis</c> (50 ms to 29 s): beyond it the client gets <c>INTEGRATION_TIMEOUT</c>.</summary>
    public TimeSpan Timeout { get; }
}

/// <summary>AWS_PROXY: the Lambda function (maybe named through stage variables) that gets payload format 1.0 events.</summary>
public sealed class RestLambdaProxyTarget : RestIntegrationTarget
{
    public RestLambdaProxyTarget(RestIntegration integration)
        : base(integration)
    {
        if (!LambdaFunctionUri.TryParse(integration.Uri, out var function, out var error))
        {
            throw new InvalidOperationException(error);
        }

        Function = new StageFunction(function);
    }

    public StageFunction Function { get; }
}

/// <summary>
/// HTTP_PROXY: the backend URI with its <c>{name}</c> path placeholders and stage variables, the method to call it
/// with, and the integration request's parameter mappings (path, header and query string).
/// </summary>
public sealed class RestHttpProxyTarget : RestIntegrationTarget
{
    public RestHttpProxyTarget(RestIntegration integration)
        : base(integration)
    {
        if (integration.Uri is not { Length: > 0 } uri)
        {
            throw new InvalidOperationException("an HTTP_PROXY integration has no uri");
        }

        UriTemplate = uri;
        Method = integration.HttpMethod is null or "ANY" ? null : new HttpMethod(integration.HttpMethod);
        RequestConfig = new ForwarderRequestConfig { ActivityTimeout = Timeout };
        var mappings = new List<RestParameterMapping>();
        foreach (var (target, source) in integration.RequestParameters ?? new Dictionary<string, string>())
        {
            var parts = target.Split('.', 4);
            if (parts is ["integration", "request", "path" or "header" or "querystring", _])
            {
                mappings.Add(new RestParameterMapping(parts[2], parts[3], source));
            }
        }

        Mappings = [.. mappings];
    }

    public string UriTemplate { get; }

    /// <summary>The integration's method; null for <c>ANY</c> (the client's method goes through).</summary>
    public HttpMethod? Method { get; }

    public ForwarderRequestConfig RequestConfig { get; }

    public RestParameterMapping[] Mappings { get; }
}

/// <summary>An HTTP, AWS or MOCK integration: request and response mapping around the call (<see cref="RestMappedIntegration"/>).</summary>
public sealed class RestMappedTarget(RestIntegration integration, RestMappedIntegration mapped) : RestIntegrationTarget(integration)
{
    public RestMappedIntegration Mapped { get; } = mapped;
}

/// <summary>
/// One integration request parameter: where it goes (<c>path</c>, <c>header</c>, <c>querystring</c>) and its source,
/// <c>method.request.{path|header|querystring}.x</c>, <c>'static'</c>, <c>context.x</c> or <c>stageVariables.x</c>.
/// </summary>
public sealed record RestParameterMapping(string Location, string Name, string Source);
