using System.Globalization;
using System.Text;
using Gatehouse.Model.RestApis;
using Gatehouse.Templates;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.DataPlane.RestApis;

/// <summary>
/// A deployment's gateway responses, compiled once: for each type the API customised, its status, header mappings
/// and body templates. An error resolves as AWS resolves it (supported-gateway-response-types; facts §13.2): the
/// type's customisation, else the API's DEFAULT_4XX or DEFAULT_5XX customisation by the error's status class (whose
/// status, when set, replaces the status of every type of its class that sets none), else AWS's default answer.
/// </summary>
public sealed class RestGatewayResponses
{
    private readonly Dictionary<string, Customised> _customised;

    private RestGatewayResponses(Dictionary<string, Customised> customised) => _customised = customised;

    public static RestGatewayResponses Empty { get; } = new([]);

    public static RestGatewayResponses Compile(IEnumerable<RestGatewayResponse> responses)
    {
        ArgumentNullException.ThrowIfNull(responses);
        var customised = new Dictionary<string, Customised>(StringComparer.Ordinal);
        foreach (var response in responses.Where(r => !r.DefaultResponse))
        {
            var status = int.TryParse(response.StatusCode, NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code is >= 100 and <= 599
                ? code
                : (int?)null;
            var headers = (response.ResponseParameters ?? new Dictionary<string, string>())
                .Where(kv => kv.Key.StartsWith(HeaderPrefix, StringComparison.Ordinal) && kv.Key.Length > HeaderPrefix.Length)
                .Select(kv => new HeaderMapping(kv.Key[HeaderPrefix.Length..], kv.Value))
                .ToArray();
            var templates = (response.ResponseTemplates ?? new Dictionary<string, string>())
                .ToDictionary(kv => kv.Key, kv => GatewayResponseTemplate.Parse(kv.Value), StringComparer.OrdinalIgnoreCase);
            customised[response.ResponseType] = new Customised(status, headers, templates, [.. templates.Keys]);
        }

        return new RestGatewayResponses(customised);
    }

    private const string HeaderPrefix = "gatewayresponse.header.";

    /// <summary>The status the error answers with on this deployment.</summary>
    public int StatusOf(RestGatewayError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var fallback = _customised.GetValueOrDefault(error.StatusCode >= 500 ? "DEFAULT_5XX" : "DEFAULT_4XX");
        return !error.IsCustomisable ? error.StatusCode
            : _customised.GetValueOrDefault(error.Type)?.StatusCode ?? fallback?.StatusCode ?? error.StatusCode;
    }

    /// <summary>Writes the error: AWS's default, or the API's customisation rendered for this request.</summary>
    public Task WriteAsync(HttpContext httpContext, RequestContext context, RestRequestState? state, RestGatewayError error)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        var response = httpContext.Response;
        var status = StatusOf(error);
        context.Status = status;
        context.RestError = error;
        response.StatusCode = status;
        if (error.ErrorType is { } errorType)
        {
            response.Headers["x-amzn-ErrorType"] = errorType;
        }

        var customised = error.IsCustomisable
            ? _customised.GetValueOrDefault(error.Type) ?? _customised.GetValueOrDefault(error.StatusCode >= 500 ? "DEFAULT_5XX" : "DEFAULT_4XX")
            : null;
        ReadOnlyMemory<byte> body = error.DefaultBody;
        response.ContentType = error.DefaultContentType;
        if (customised is not null)
        {
            string? Lookup(string root, string name) => root == "context" ? ContextVariable(context, error, name) : state?.Stage.StageVariables.GetValueOrDefault(name);
            foreach (var header in customised.Headers)
            {
                if (RestMappingSource.Evaluate(header.Source, httpContext.Request, state, name => ContextVariable(context, error, name)) is { } value &&
                    ResponseHeaderValue.IsSendable(value))
                {
                    response.Headers[header.Name] = value;
                }
            }

            // The template for the client's Accept, as integration responses choose theirs; application/json else.
            var key = MappingTemplateSelector.SelectResponse(customised.TemplateKeys, httpContext.Request.Headers.Accept.ToString())
                ?? (customised.Templates.ContainsKey("application/json") ? "application/json" : customised.TemplateKeys.FirstOrDefault());
            if (key is not null)
            {
                body = Encoding.UTF8.GetBytes(customised.Templates[key].Render(Lookup));
                response.ContentType = key;
            }
            else
            {
                body = error.DefaultBody;
            }
        }

        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, httpContext.RequestAborted).AsTask();
    }

    /// <summary>A <c>$context</c> variable in a gateway response: the error's, then the request's.</summary>
    private static string? ContextVariable(RequestContext context, RestGatewayError error, string name) => name switch
    {
        "error.message" => error.Message,
        "error.messageString" => error.MessageString,
        "error.responseType" => error.Type,
        "error.validationErrorString" => context.ValidationErrors ?? "",
        _ => context.Variable(name),
    };

    private sealed record HeaderMapping(string Name, string Source);

    private sealed record Customised(int? StatusCode, HeaderMapping[] Headers, Dictionary<string, GatewayResponseTemplate> Templates, string[] TemplateKeys);
}
