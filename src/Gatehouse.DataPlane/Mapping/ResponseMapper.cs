using Gatehouse.Model.HttpApis;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.DataPlane.Mapping;

/// <summary>
/// Applies the response parameter mappings of the integration response's status code: header append, overwrite,
/// remove and <c>overwrite:statuscode</c>, on the response being sent to the client.
/// </summary>
public static class ResponseMapper
{
    /// <summary>
    /// Applies <paramref name="mappings"/>; <c>$response.header.*</c> reads <paramref name="proxyResponse"/> (HTTP
    /// proxy) or else <paramref name="integrationHeaders"/> (the headers a Lambda function answered with).
    /// </summary>
    public static void Apply(HttpContext httpContext, RequestContext context, ParameterMapping[] mappings,
        HttpResponseMessage? proxyResponse, IHeaderDictionary? integrationHeaders)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(mappings);
        var headers = httpContext.Response.Headers;
        foreach (var mapping in mappings)
        {
            if (mapping.Action == MappingAction.Remove)
            {
                headers.Remove(mapping.Name);
                continue;
            }

            var value = integrationHeaders is null
                ? MappingEvaluator.Evaluate(mapping.Value, context, httpContext.Request, proxyResponse)
                : MappingEvaluator.Evaluate(mapping.Value, context, httpContext.Request, integrationHeaders);
            if (value is null)
            {
                continue;
            }

            if (mapping.Target == MappingTarget.StatusCode)
            {
                if (int.TryParse(value, out var status) && status is >= 200 and <= 599)
                {
                    httpContext.Response.StatusCode = status;
                }
            }
            else if (mapping.Action == MappingAction.Append && headers.TryGetValue(mapping.Name, out var existing))
            {
                headers[mapping.Name] = existing + "," + value;
            }
            else
            {
                headers[mapping.Name] = value;
            }
        }
    }
}
