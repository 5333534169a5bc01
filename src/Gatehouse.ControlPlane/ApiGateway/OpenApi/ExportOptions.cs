namespace Gatehouse.ControlPlane.ApiGateway.OpenApi;

/// <summary>What GetExport's <c>extensions</c> parameter asks for.</summary>
internal sealed record ExportOptions
{
    public required OpenApiFormat Format { get; init; }

    /// <summary><c>integrations</c> or <c>apigateway</c>: integrations and the API Gateway settings.</summary>
    public bool Integrations { get; init; }

    /// <summary><c>authorizers</c> or <c>apigateway</c>: <c>x-amazon-apigateway-authorizer</c> on security schemes.</summary>
    public bool Authorizers { get; init; }

    /// <summary><c>apigateway</c>: request validators too.</summary>
    public bool ApiGateway { get; init; }

    /// <summary>Reads a comma-separated <c>extensions</c> value; unknown names (e.g. <c>postman</c>) add nothing.</summary>
    public static ExportOptions Parse(OpenApiFormat format, string? extensions)
    {
        var names = (extensions ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(n => n.Trim('\'', '"')).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var apigateway = names.Contains("apigateway");
        return new ExportOptions
        {
            Format = format,
            ApiGateway = apigateway,
            Integrations = apigateway || names.Contains("integrations"),
            Authorizers = apigateway || names.Contains("authorizers"),
        };
    }
}
