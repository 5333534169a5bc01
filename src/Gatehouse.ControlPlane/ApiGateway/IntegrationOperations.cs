using System.Text.RegularExpressions;
using Gatehouse.ControlPlane.ApiGatewayV2;
using Gatehouse.ControlPlane.Protocols;
using Gatehouse.Model.RestApis;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.ControlPlane.ApiGateway;

/// <summary>PutIntegration, GetIntegration, UpdateIntegration and DeleteIntegration: a method's integration request.</summary>
internal static partial class IntegrationOperations
{
    public const int MinTimeout = 50;
    public const int MaxTimeout = 29000;
    internal static readonly string[] Types = ["HTTP", "AWS", "MOCK", "HTTP_PROXY", "AWS_PROXY"];
    private static readonly string[] PassthroughBehaviors = ["WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER"];
    internal static readonly string[] ContentHandlings = ["CONVERT_TO_BINARY", "CONVERT_TO_TEXT"];

    public static async Task PutIntegration(HttpContext context, RestApiService service, string restApiId, string resourceId, string httpMethod)
    {
        var input = await RestJson.ReadBodyAsync<PutIntegrationInput>(context.Request);
        if (input.Type is null || !Types.Contains(input.Type))
        {
            throw PatchErrors.ValidationException([$"Value '{input.Type}' at 'putIntegrationInput.type' failed to satisfy constraint: " +
                "Member must satisfy enum value set: [HTTP, AWS, MOCK, HTTP_PROXY, AWS_PROXY]"]);
        }

        var integration = await service.EditAsync(restApiId, edit =>
        {
            var method = RestTree.Method(edit.Document, resourceId, httpMethod);
            var created = new RestIntegration
            {
                Type = input.Type,
                HttpMethod = input.HttpMethod,
                Uri = input.Uri,
                ConnectionType = input.Type == "MOCK" ? null : input.ConnectionType ?? "INTERNET",
                ConnectionId = input.ConnectionId,
                Credentials = input.Credentials,
                RequestParameters = input.RequestParameters is { Count: > 0 } parameters ? parameters : null,
                RequestTemplates = input.RequestTemplates is { Count: > 0 } templates ? templates : null,
                PassthroughBehavior = input.PassthroughBehavior ?? "WHEN_NO_MATCH",
                ContentHandling = input.ContentHandling,
                TimeoutInMillis = input.TimeoutInMillis ?? MaxTimeout,
                CacheNamespace = input.CacheNamespace ?? resourceId,
                CacheKeyParameters = input.CacheKeyParameters ?? [],
                TlsConfig = input.TlsConfig,
                // AWS keeps the integration responses of an integration that is put again.
                IntegrationResponses = method.MethodIntegration?.IntegrationResponses,
            };
            Validate(method, created);
            edit.Update(RestTree.WithMethod(edit.Document, resourceId, httpMethod, method with { MethodIntegration = created }));
            return created;
        }, context.RequestAborted);
        await RestJson.WriteAsync(context, 201, integration);
    }

    public static async Task GetIntegration(HttpContext context, RestApiService service, string restApiId, string resourceId, string httpMethod)
    {
        var document = await service.GetAsync(restApiId, context.RequestAborted);
        await RestJson.WriteAsync(context, 200, RestTree.Integration(document, resourceId, httpMethod));
    }

    public static async Task UpdateIntegration(HttpContext context, RestApiService service, string restApiId, string resourceId, string httpMethod)
    {
        var input = await RestJson.ReadBodyAsync<PatchInput>(context.Request);
        var integration = await service.EditAsync(restApiId, edit =>
        {
            var method = RestTree.Method(edit.Document, resourceId, httpMethod);
            var current = method.MethodIntegration ?? throw RestErrors.IntegrationNotFound();
            var updated = Patch.Apply(current, input.PatchOperations);
            Validate(method, updated);
            edit.Update(RestTree.WithMethod(edit.Document, resourceId, httpMethod, method with { MethodIntegration = updated }));
            return updated;
        }, context.RequestAborted);
        await RestJson.WriteAsync(context, 200, integration);
    }

    public static async Task DeleteIntegration(HttpContext context, RestApiService service, string restApiId, string resourceId, string httpMethod)
    {
        await service.EditAsync(restApiId, edit =>
        {
            var method = RestTree.Method(edit.Document, resourceId, httpMethod);
            _ = method.MethodIntegration ?? throw RestErrors.IntegrationNotFound();
            edit.Update(RestTree.WithMethod(edit.Document, resourceId, httpMethod, method with { MethodIntegration = null }));
            return 0;
        }, context.RequestAborted);
        await RestJson.WriteEmptyAsync(context, 204);
    }

    /// <summary>AWS's rules per integration type, then the settings every type shares; every problem collected.</summary>
    internal static void Validate(RestMethod method, RestIntegration integration)
    {
        var validation = new Validation();
        switch (integration.Type)
        {
            case "HTTP" or "HTTP_PROXY":
                validation.Require(!string.IsNullOrEmpty(integration.HttpMethod), "Enumeration value for HttpMethod must be non-empty");
                validation.Require(Uri.TryCreate(integration.Uri, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https",
                    "Invalid HTTP endpoint specified for URI");
                break;
            case "AWS" or "AWS_PROXY":
                validation.Require(!string.IsNullOrEmpty(integration.HttpMethod), "Enumeration value for HttpMethod must be non-empty");
                if (integration.Uri is null || !AwsIntegrationUri().IsMatch(integration.Uri))
                {
                    validation.Add("AWS ARN for integration must contain path or action");
                }
                else if (integration.Type == "AWS_PROXY" && !integration.Uri.Contains(":lambda:path/", StringComparison.Ordinal))
                {
                    validation.Add("Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations.");
                }

                break;
        }

        if (integration.HttpMethod is { Length: > 0 } verb)
        {
            validation.Require(RestTree.HttpMethods.Contains(verb, StringComparer.Ordinal),
                "Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY");
        }

        validation.Require(integration.TimeoutInMillis is >= MinTimeout and <= MaxTimeout,
            $"Timeout should be between {MinTimeout} ms and {MaxTimeout} ms");
        validation.Require(PassthroughBehaviors.Contains(integration.PassthroughBehavior),
            $"Invalid passthrough behavior '{integration.PassthroughBehavior}': must be one of [WHEN_NO_MATCH, WHEN_NO_TEMPLATES, NEVER]");
        validation.Require(integration.ContentHandling is null || ContentHandlings.Contains(integration.ContentHandling),
            $"Invalid content handling '{integration.ContentHandling}': must be one of [CONVERT_TO_BINARY, CONVERT_TO_TEXT]");
        validation.Require(integration.ConnectionType is null or "INTERNET",
            integration.ConnectionType == "VPC_LINK" ? "Invalid Vpc Link identifier specified" : $"Invalid connectionType '{integration.ConnectionType}': must be one of [INTERNET, VPC_LINK]");
        foreach (var (target, source) in integration.RequestParameters ?? new Dictionary<string, string>())
        {
            validation.Require(IntegrationRequestTarget().IsMatch(target),
                $"Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression specified: {target}]");
            validation.Require(IsRequestSource(source, method),
                $"Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression specified: {source}]");
        }

        foreach (var parameter in integration.CacheKeyParameters)
        {
            validation.Require(parameter.StartsWith("method.request.", StringComparison.Ordinal),
                $"Invalid cache key parameter '{parameter}': must name a method request parameter");
        }

        validation.ThrowIfAny();
    }

    /// <summary>A method request parameter the method declares, a static <c>'value'</c>, a stage variable or a context variable.</summary>
    private static bool IsRequestSource(string source, RestMethod method) =>
        (source.Length >= 2 && source[0] == '\'' && source[^1] == '\'')
        || source.StartsWith("stageVariables.", StringComparison.Ordinal)
        || source.StartsWith("context.", StringComparison.Ordinal)
        || source is "method.request.body" || source.StartsWith("method.request.body.", StringComparison.Ordinal)
        || (method.RequestParameters?.ContainsKey(source) ?? false)
        || (source.StartsWith("method.request.path.", StringComparison.Ordinal)); // path parameters are declared by the resource path

    private static readonly PatchRules<RestIntegration> Patch = new PatchRules<RestIntegration>("updateIntegrationInput")
        .On("/uri", PatchOps.Replace, (i, p) => i with { Uri = p.Value })
        .On("/httpMethod", PatchOps.Replace, (i, p) => i with { HttpMethod = p.Value })
        .On("/connectionType", PatchOps.Replace, (i, p) => i with { ConnectionType = p.Value })
        .On("/connectionId", PatchOps.Replace, (i, p) => i with { ConnectionId = p.Value is { Length: > 0 } v ? v : null })
        .On("/credentials", PatchOps.Replace, (i, p) => i with { Credentials = p.Value is { Length: > 0 } v ? v : null })
        .On("/passthroughBehavior", PatchOps.Replace, (i, p) => i with { PassthroughBehavior = p.Text() })
        .On("/contentHandling", PatchOps.Replace, (i, p) => i with { ContentHandling = p.Value is { Length: > 0 } v ? v : null })
        .On("/timeoutInMillis", PatchOps.Replace, (i, p) => i with { TimeoutInMillis = p.WholeNumber(MinTimeout, MaxTimeout) })
        .On("/cacheNamespace", PatchOps.Replace, (i, p) => i with { CacheNamespace = p.Text() })
        .On("/cacheKeyParameters/{}", PatchOps.Add | PatchOps.Remove, (i, p) => i with
        {
            CacheKeyParameters = p.IsRemove ? [.. i.CacheKeyParameters.Where(k => k != p.Capture(0))]
                : i.CacheKeyParameters.Contains(p.Capture(0)) ? i.CacheKeyParameters : [.. i.CacheKeyParameters, p.Capture(0)],
        })
        .On("/requestParameters/{}", PatchOps.AddRemoveReplace, (i, p) => i with { RequestParameters = Maps.Patch(i.RequestParameters, p, p.Text) })
        .On("/requestTemplates/{}", PatchOps.AddRemoveReplace, (i, p) => i with { RequestTemplates = Maps.Patch(i.RequestTemplates, p, () => p.Value ?? "") })
        .On("/tlsConfig/insecureSkipVerification", PatchOps.Replace, (i, p) => i with { TlsConfig = new TlsConfig { InsecureSkipVerification = p.Bool() } });

    [GeneratedRegex(@"^arn:aws[a-z-]*:apigateway:[a-z0-9-]+:[a-z0-9.-]+:(path|action)/.+$")]
    private static partial Regex AwsIntegrationUri();

    [GeneratedRegex(@"^integration\.request\.(querystring|header|path|multivaluequerystring|multivalueheader)\.[^\s]+$")]
    private static partial Regex IntegrationRequestTarget();
}
