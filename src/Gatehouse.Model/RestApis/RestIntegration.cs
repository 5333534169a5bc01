namespace Gatehouse.Model.RestApis;

/// <summary>A method's integration request and its integration responses (botocore's <c>Integration</c>).</summary>
public sealed record RestIntegration
{
    /// <summary><c>HTTP</c>, <c>HTTP_PROXY</c>, <c>AWS</c>, <c>AWS_PROXY</c> or <c>MOCK</c>.</summary>
    public required string Type { get; init; }

    /// <summary>The integration's HTTP method (the CLI's <c>--integration-http-method</c>).</summary>
    public string? HttpMethod { get; init; }

    public string? Uri { get; init; }
    public string? ConnectionType { get; init; }
    public string? ConnectionId { get; init; }
    public string? Credentials { get; init; }
    public IReadOnlyDictionary<string, string>? RequestParameters { get; init; }
    public IReadOnlyDictionary<string, string>? RequestTemplates { get; init; }
    public string? PassthroughBehavior { get; init; }
    public string? ContentHandling { get; init; }
    public int TimeoutInMillis { get; init; } = 29000;
    public string? CacheNamespace { get; init; }
    public IReadOnlyList<string> CacheKeyParameters { get; init; } = [];
    public IReadOnlyDictionary<string, IntegrationResponse>? IntegrationResponses { get; init; }
    public TlsConfig? TlsConfig { get; init; }
}

public sealed record IntegrationResponse
{
    public required string StatusCode { get; init; }

    /// <summary>A Java regular expression over the backend's status (HTTP) or error message (Lambda); empty or absent is the default.</summary>
    public string? SelectionPattern { get; init; }

    public IReadOnlyDictionary<string, string>? ResponseParameters { get; init; }
    public IReadOnlyDictionary<string, string>? ResponseTemplates { get; init; }
    public string? ContentHandling { get; init; }
}

public sealed record TlsConfig
{
    public bool? InsecureSkipVerification { get; init; }
}
