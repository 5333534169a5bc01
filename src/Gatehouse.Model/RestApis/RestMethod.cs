namespace Gatehouse.Model.RestApis;

/// <summary>A method of a resource: its method request, method responses and integration.</summary>
public sealed record RestMethod
{
    public required string HttpMethod { get; init; }
    public required string AuthorizationType { get; init; }
    public string? AuthorizerId { get; init; }
    public bool ApiKeyRequired { get; init; }
    public string? RequestValidatorId { get; init; }
    public string? OperationName { get; init; }

    /// <summary><c>method.request.{querystring|header|path}.{name}</c> → required.</summary>
    public IReadOnlyDictionary<string, bool>? RequestParameters { get; init; }

    /// <summary>Content type → model name.</summary>
    public IReadOnlyDictionary<string, string>? RequestModels { get; init; }

    public IReadOnlyList<string>? AuthorizationScopes { get; init; }
    public IReadOnlyDictionary<string, MethodResponse>? MethodResponses { get; init; }
    public RestIntegration? MethodIntegration { get; init; }
}

public sealed record MethodResponse
{
    public required string StatusCode { get; init; }

    /// <summary><c>method.response.header.{name}</c> → required.</summary>
    public IReadOnlyDictionary<string, bool>? ResponseParameters { get; init; }

    public IReadOnlyDictionary<string, string>? ResponseModels { get; init; }
}
