using Gatehouse.Model.RestApis;

namespace Gatehouse.ControlPlane.ApiGateway;

/// <summary>Finding and replacing resources and methods in a REST API document, with AWS's not-found errors.</summary>
internal static class RestTree
{
    public static readonly string[] HttpMethods = ["GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS", "HEAD", "ANY"];

    public static RestResource Resource(RestApiDocument document, string resourceId) =>
        document.FindResource(resourceId) ?? throw RestErrors.ResourceNotFound();

    public static RestMethod Method(RestApiDocument document, string resourceId, string httpMethod) =>
        Resource(document, resourceId).ResourceMethods?.GetValueOrDefault(httpMethod) ?? throw RestErrors.MethodNotFound();

    public static RestIntegration Integration(RestApiDocument document, string resourceId, string httpMethod) =>
        Method(document, resourceId, httpMethod).MethodIntegration ?? throw RestErrors.IntegrationNotFound();

    public static RestApiDocument WithResource(RestApiDocument document, RestResource resource) =>
        document with { Resources = [.. document.Resources.Select(r => r.Id == resource.Id ? resource : r)] };

    /// <summary>The document with the method put on (or, when null, removed from) its resource.</summary>
    public static RestApiDocument WithMethod(RestApiDocument document, string resourceId, string httpMethod, RestMethod? method)
    {
        var resource = Resource(document, resourceId);
        var methods = method is null ? Maps.Without(resource.ResourceMethods, httpMethod) : Maps.With(resource.ResourceMethods, httpMethod, method);
        return WithResource(document, resource with { ResourceMethods = methods });
    }

    /// <summary>The HTTP method of a path, checked against AWS's list.</summary>
    public static string HttpMethod(string httpMethod) =>
        HttpMethods.Contains(httpMethod, StringComparer.Ordinal)
            ? httpMethod
            : throw AwsException.BadRequest("Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY");

    /// <summary>A status code of a path, as AWS's model constrains it.</summary>
    public static string StatusCode(string statusCode) =>
        IsStatusCode(statusCode) ? statusCode : throw PatchErrors.ValidationException([StatusCodeError(statusCode)]);

    /// <summary>The status code's error, none when it matches AWS's pattern.</summary>
    public static IEnumerable<string> StatusCodeErrors(string statusCode) => IsStatusCode(statusCode) ? [] : [StatusCodeError(statusCode)];

    private static bool IsStatusCode(string statusCode) =>
        statusCode.Length == 3 && statusCode[0] is >= '1' and <= '5' && char.IsAsciiDigit(statusCode[1]) && char.IsAsciiDigit(statusCode[2]);

    public static string StatusCodeError(string statusCode) =>
        $"Value '{statusCode}' at 'statusCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [1-5]\\d\\d";
}
