using Gatehouse.ControlPlane.Protocols;
using Gatehouse.Model;
using Gatehouse.Model.HttpApis;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.ControlPlane.ApiGatewayV2;

/// <summary>CreateIntegration, GetIntegration(s), UpdateIntegration and DeleteIntegration for HTTP APIs.</summary>
internal static class IntegrationOperations
{
    public const int MinTimeoutInMillis = 50;
    public const int MaxTimeoutInMillis = 30000;

    /// <summary>The method API Gateway invokes Lambda with; AWS stores it on AWS_PROXY integrations.</summary>
    public const string LambdaInvokeMethod = "POST";

    public static async Task CreateIntegration(HttpContext context, HttpApiService service, string apiId)
    {
        var input = await RestJson.ReadBodyAsync<IntegrationInput>(context.Request);
        var validation = new Validation();
        validation.Require(input.IntegrationType is not null, "IntegrationType is required");
        var integration = new Integration
        {
            IntegrationId = Ids.NewResourceId(),
            IntegrationType = input.IntegrationType ?? "",
            ConnectionId = input.ConnectionId,
            ConnectionType = input.ConnectionType ?? "INTERNET",
            ContentHandlingStrategy = input.ContentHandlingStrategy,
            CredentialsArn = input.CredentialsArn,
            Description = input.Description,
            IntegrationMethod = input.IntegrationMethod ?? (input.IntegrationType == "AWS_PROXY" ? LambdaInvokeMethod : null),
            IntegrationSubtype = input.IntegrationSubtype,
            IntegrationUri = input.IntegrationUri,
            PassthroughBehavior = input.PassthroughBehavior,
            // HTTP APIs require a payload format version for Lambda (AWS_PROXY) integrations; HTTP_PROXY has only 1.0.
            PayloadFormatVersion = input.PayloadFormatVersion ?? (input.IntegrationType == "AWS_PROXY" ? null : "1.0"),
            RequestParameters = input.RequestParameters,
            RequestTemplates = input.RequestTemplates,
            ResponseParameters = input.ResponseParameters?.ToDictionary(kv => kv.Key, kv => (IReadOnlyDictionary<string, string>)kv.Value),
            TemplateSelectionExpression = input.TemplateSelectionExpression,
            TimeoutInMillis = input.TimeoutInMillis ?? MaxTimeoutInMillis,
            TlsConfig = input.TlsConfig,
        };
        Validate(validation, integration);
        validation.ThrowIfAny();

        await service.EditAsync(apiId, edit =>
        {
            edit.Update(edit.Document with { Integrations = [.. edit.Document.Integrations, integration] }, deployable: true);
            return 0;
        }, context.RequestAborted);
        await RestJson.WriteAsync(context, 201, integration);
    }

    public static async Task GetIntegration(HttpContext context, HttpApiService service, string apiId, string integrationId)
    {
        var document = await service.GetAsync(apiId, context.RequestAborted);
        await RestJson.WriteAsync(context, 200, document.FindIntegration(integrationId) ?? throw NotFound(integrationId));
    }

    public static async Task GetIntegrations(HttpContext context, HttpApiService service, string apiId)
    {
        var document = await service.GetAsync(apiId, context.RequestAborted);
        var page = Pagination.Apply(context.Request, document.Integrations);
        await RestJson.WriteAsync(context, 200, new { items = page.Items, nextToken = page.NextToken });
    }

    public static async Task UpdateIntegration(HttpContext context, HttpApiService service, string apiId, string integrationId)
    {
        var input = await RestJson.ReadBodyAsync<IntegrationInput>(context.Request);
        var integration = await service.EditAsync(apiId, edit =>
        {
            var current = edit.Document.FindIntegration(integrationId) ?? throw NotFound(integrationId);
            var updated = current with
            {
                IntegrationType = input.IntegrationType ?? current.IntegrationType,
                ConnectionId = input.ConnectionId ?? current.ConnectionId,
                ConnectionType = input.ConnectionType ?? current.ConnectionType,
                ContentHandlingStrategy = input.ContentHandlingStrategy ?? current.ContentHandlingStrategy,
                CredentialsArn = input.CredentialsArn ?? current.CredentialsArn,
                Description = input.Description ?? current.Description,
                IntegrationMethod = input.IntegrationMethod ??
                    (input.IntegrationType == "AWS_PROXY" && current.IntegrationType != "AWS_PROXY" ? LambdaInvokeMethod : current.IntegrationMethod),
                IntegrationSubtype = input.IntegrationSubtype ?? current.IntegrationSubtype,
                IntegrationUri = input.IntegrationUri ?? current.IntegrationUri,
                PassthroughBehavior = input.PassthroughBehavior ?? current.PassthroughBehavior,
                PayloadFormatVersion = input.PayloadFormatVersion ?? current.PayloadFormatVersion,
                RequestParameters = input.RequestParameters is null
                    ? current.RequestParameters
                    : MergeMappings(current.RequestParameters, input.RequestParameters),
                RequestTemplates = input.RequestTemplates ?? current.RequestTemplates,
                ResponseParameters = input.ResponseParameters is null
                    ? current.ResponseParameters
                    : MergeResponseMappings(current.ResponseParameters, input.ResponseParameters),
                TemplateSelectionExpression = input.TemplateSelectionExpression ?? current.TemplateSelectionExpression,
                TimeoutInMillis = input.TimeoutInMillis ?? current.TimeoutInMillis,
                TlsConfig = input.TlsConfig ?? current.TlsConfig,
            };
            var validation = new Validation();
            Validate(validation, updated);
            validation.ThrowIfAny();
            edit.Update(edit.Document with
            {
                Integrations = [.. edit.Document.Integrations.Select(i => i.IntegrationId == integrationId ? updated : i)],
            }, deployable: true);
            return updated;
        }, context.RequestAborted);
        await RestJson.WriteAsync(context, 200, integration);
    }

    public static async Task DeleteIntegration(HttpContext context, HttpApiService service, string apiId, string integrationId)
    {
        await service.EditAsync(apiId, edit =>
        {
            var integration = edit.Document.FindIntegration(integrationId) ?? throw NotFound(integrationId);
            if (integration.ApiGatewayManaged == true)
            {
                throw AwsException.BadRequest($"Integration {integrationId} is managed by API Gateway (quick create); it can be updated but not deleted");
            }

            var users = edit.Document.Routes.Where(r => r.Target == "integrations/" + integrationId).Select(r => r.RouteKey).ToList();
            if (users.Count > 0)
            {
                throw AwsException.Conflict(
                    $"Cannot delete integration {integrationId}: it is the target of route(s) {string.Join(", ", users)}. Change or delete those routes first.");
            }

            edit.Update(edit.Document with { Integrations = [.. edit.Document.Integrations.Where(i => i.IntegrationId != integrationId)] }, deployable: true);
            return 0;
        }, context.RequestAborted);
        await RestJson.WriteEmptyAsync(context, 204);
    }

    internal static AwsException NotFound(string integrationId) =>
        AwsException.NotFound($"Invalid Integration identifier specified {integrationId}");

    /// <summary>Checks an integration as it will be stored, collecting every problem.</summary>
    internal static void Validate(Validation validation, Integration integration)
    {
        switch (integration.IntegrationType)
        {
            case "HTTP_PROXY" or "AWS_PROXY":
                break;
            case "":
                break;
            case "AWS" or "HTTP" or "MOCK":
                validation.Add($"IntegrationType {integration.IntegrationType} is supported for WebSocket APIs only; HTTP APIs take HTTP_PROXY or AWS_PROXY");
                break;
            default:
                validation.Add($"Invalid IntegrationType '{integration.IntegrationType}': must be one of [AWS, AWS_PROXY, HTTP, HTTP_PROXY, MOCK]");
                break;
        }

        if (integration.IntegrationType == "HTTP_PROXY")
        {
            validation.Require(integration.IntegrationMethod is not null, "IntegrationMethod is required for HTTP_PROXY integrations");
            validation.HttpMethod("IntegrationMethod", integration.IntegrationMethod, allowAny: true);
            ValidateUri(validation, integration.IntegrationUri);
            validation.Require(integration.PayloadFormatVersion == "1.0",
                $"Invalid PayloadFormatVersion '{integration.PayloadFormatVersion}': HTTP_PROXY integrations support only 1.0");
        }

        if (integration.IntegrationType == "AWS_PROXY" && integration.IntegrationSubtype is null)
        {
            ValidateLambda(validation, integration);
        }

        validation.Require(integration.TimeoutInMillis is >= MinTimeoutInMillis and <= MaxTimeoutInMillis,
            $"Invalid TimeoutInMillis {integration.TimeoutInMillis}: must be between {MinTimeoutInMillis} and {MaxTimeoutInMillis}");
        if (integration.ConnectionType is not "INTERNET")
        {
            validation.Add(integration.ConnectionType == "VPC_LINK"
                ? "ConnectionType VPC_LINK is not supported by Gatehouse; use INTERNET"
                : $"Invalid ConnectionType '{integration.ConnectionType}': must be one of [INTERNET, VPC_LINK]");
        }

        validation.Require(integration.ConnectionId is null, "ConnectionId applies to VPC_LINK connections, which Gatehouse does not support");
        validation.Require(integration.IntegrationSubtype is null, "IntegrationSubtype (AWS service integrations) is not supported by Gatehouse yet");
        validation.Require(integration.RequestTemplates is null && integration.TemplateSelectionExpression is null &&
            integration.PassthroughBehavior is null && integration.ContentHandlingStrategy is null,
            "RequestTemplates, TemplateSelectionExpression, PassthroughBehavior and ContentHandlingStrategy apply to WebSocket APIs only");
        validation.Length("Description", integration.Description, 0, 1024);
        validation.Require(integration.TlsConfig?.ServerNameToVerify is null,
            "TlsConfig.ServerNameToVerify is not supported by Gatehouse yet");

        foreach (var (key, value) in integration.RequestParameters ?? new Dictionary<string, string>())
        {
            if (!ParameterMapping.TryParseRequest(key, value, out _, out var error))
            {
                validation.Add(error);
            }
        }

        foreach (var (status, mappings) in integration.ResponseParameters ?? new Dictionary<string, IReadOnlyDictionary<string, string>>())
        {
            validation.Require(int.TryParse(status, out var code) && code is >= 200 and <= 599,
                $"Invalid ResponseParameters key '{status}': must be a status code between 200 and 599");
            foreach (var (key, value) in mappings)
            {
                if (!ParameterMapping.TryParseResponse(key, value, out _, out var error))
                {
                    validation.Add(error);
                }
            }
        }
    }

    /// <summary>
    /// A Lambda proxy integration: a function ARN or API Gateway's Lambda invocation URI (the function need not exist
    /// yet, nor be in this account: AWS does not look it up when the integration is created either), payload format
    /// 1.0 or 2.0. AWS stores POST when no method is given and accepts others (aws-controllers-k8s/community#1703
    /// creates one with GET); the function is invoked the same way whatever it says.
    /// </summary>
    private static void ValidateLambda(Validation validation, Integration integration)
    {
        if (LambdaFunctionUri.TryParse(integration.IntegrationUri, out _, out var error))
        {
            validation.Length("IntegrationUri", integration.IntegrationUri, 1, 2048);
        }
        else
        {
            validation.Add(error);
        }

        validation.Require(integration.PayloadFormatVersion is not null,
            "PayloadFormatVersion is required for AWS_PROXY (Lambda) integrations of HTTP APIs: 1.0 or 2.0");
        validation.Require(integration.PayloadFormatVersion is null or "1.0" or "2.0",
            $"Invalid PayloadFormatVersion '{integration.PayloadFormatVersion}': AWS_PROXY integrations support 1.0 and 2.0");
        validation.HttpMethod("IntegrationMethod", integration.IntegrationMethod, allowAny: true);
    }

    private static void ValidateUri(Validation validation, string? uri)
    {
        if (uri is null)
        {
            validation.Add("IntegrationUri is required for HTTP_PROXY integrations");
            return;
        }

        validation.Length("IntegrationUri", uri, 1, 2048);
        // Stage variables may stand for any part of the URL; what they produce is checked when a request uses it.
        var probe = uri.Replace("${stageVariables.", "x{", StringComparison.Ordinal);
        if (!probe.StartsWith("http://", StringComparison.Ordinal) && !probe.StartsWith("https://", StringComparison.Ordinal) &&
            !uri.StartsWith("${stageVariables.", StringComparison.Ordinal))
        {
            validation.Add($"Invalid IntegrationUri '{uri}': an HTTP_PROXY integration needs an http:// or https:// URL");
        }
        else if (!uri.Contains("${", StringComparison.Ordinal) && !Uri.TryCreate(uri.Replace("{", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal), UriKind.Absolute, out _))
        {
            validation.Add($"Invalid IntegrationUri '{uri}': not a valid URL");
        }
    }

    // A "remove:" mapping's value is empty by nature; for other keys an empty value removes the mapping.
    private static Dictionary<string, string> MergeMappings(IReadOnlyDictionary<string, string>? current, Dictionary<string, string> changes) =>
        MapUpdate.Merge(current, changes, key => key.StartsWith("remove:", StringComparison.Ordinal));

    private static Dictionary<string, IReadOnlyDictionary<string, string>> MergeResponseMappings(
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? current, Dictionary<string, Dictionary<string, string>> changes)
    {
        var merged = current?.ToDictionary() ?? [];
        foreach (var (status, mappings) in changes)
        {
            if (mappings.Count == 0)
            {
                merged.Remove(status);
            }
            else
            {
                merged[status] = MergeMappings(merged.GetValueOrDefault(status), mappings);
            }
        }

        return merged;
    }
}
