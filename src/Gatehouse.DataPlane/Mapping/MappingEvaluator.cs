using System.Text;
using Gatehouse.Model.HttpApis;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.DataPlane.Mapping;

/// <summary>Evaluates parameter-mapping values against a request (and, for response mappings, the backend's response).</summary>
public static class MappingEvaluator
{
    /// <summary>
    /// The value of an expression, or null when it is a single reference to something absent (then the mapping does
    /// nothing). Multi-valued headers and query parameters are joined with commas, as AWS does.
    /// </summary>
    public static string? Evaluate(MappingExpression expression, RequestContext context, HttpRequest request, HttpResponseMessage? response = null) =>
        Evaluate(expression, context, request, response, null);

    /// <summary>
    /// The value of an expression whose <c>$response.header.*</c> references read headers the integration answered
    /// with other than as an HTTP message (a Lambda function's <c>headers</c>).
    /// </summary>
    public static string? Evaluate(MappingExpression expression, RequestContext context, HttpRequest request, IHeaderDictionary responseHeaders) =>
        Evaluate(expression, context, request, null, responseHeaders);

    private static string? Evaluate(MappingExpression expression, RequestContext context, HttpRequest request, HttpResponseMessage? response,
        IHeaderDictionary? responseHeaders)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var parts = expression.Parts;
        if (parts.Count == 1)
        {
            return Resolve(parts[0], context, request, response, responseHeaders);
        }

        var builder = new StringBuilder();
        foreach (var part in parts)
        {
            builder.Append(Resolve(part, context, request, response, responseHeaders));
        }

        return builder.ToString();
    }

    private static string? Resolve(
        MappingPart part, RequestContext context, HttpRequest request, HttpResponseMessage? response, IHeaderDictionary? responseHeaders) =>
        part.Source switch
        {
            MappingSource.Literal => part.Name,
            MappingSource.RequestHeader => request.Headers.TryGetValue(part.Name, out var header) ? string.Join(',', header.ToArray()) : null,
            MappingSource.RequestQueryString => request.Query.TryGetValue(part.Name, out var query) ? string.Join(',', query.ToArray()) : null,
            MappingSource.RequestPath => context.StagePath,
            MappingSource.RequestPathParameter => context.PathParameter(part.Name),
            MappingSource.Context => context.Variable(part.Name),
            MappingSource.StageVariable => context.Stage?.StageVariables.GetValueOrDefault(part.Name),
            MappingSource.ResponseHeader => responseHeaders is null
                ? ResponseHeader(response, part.Name)
                : responseHeaders.TryGetValue(part.Name, out var answered) ? answered.ToString() : null,
            _ => null,
        };

    private static string? ResponseHeader(HttpResponseMessage? response, string name)
    {
        if (response is null)
        {
            return null;
        }

        if (response.Headers.TryGetValues(name, out var values) ||
            response.Content.Headers.TryGetValues(name, out values))
        {
            return string.Join(',', values);
        }

        return null;
    }
}
