using System.Text.Json;
using Gatehouse.Identity.Policies;

namespace Gatehouse.DataPlane.Authorization.Lambda;

/// <summary>
/// A Lambda authorizer's answer, read as HTTP APIs read it: with simple responses (payload 2.0),
/// <c>{"isAuthorized": bool, "context": {...}}</c>; otherwise an IAM policy,
/// <c>{"principalId", "policyDocument": {"Statement": [...]}, "context": {...}}</c>, evaluated against the route's ARN.
/// Anything else is invalid, which AWS answers 500.
/// </summary>
public sealed class LambdaAuthorizerAnswer
{
    private LambdaAuthorizerAnswer(PolicyDecision decision, string? principalId, JsonElement context)
    {
        Decision = decision;
        PrincipalId = principalId;
        Context = context;
    }

    /// <summary>Whether the answer lets the request through (for a policy: whether it allows this route's ARN).</summary>
    public bool Allowed => Decision == PolicyDecision.Allow;

    /// <summary>What the answer decided for the route's ARN: a simple response's false is an implicit deny.</summary>
    public PolicyDecision Decision { get; }

    public string? PrincipalId { get; }

    /// <summary>The <c>context</c> object (detached from the parsed document), or undefined when absent.</summary>
    public JsonElement Context { get; }

    /// <summary>
    /// Parses <paramref name="answer"/>; null when it is not a valid answer of the expected kind. With
    /// <paramref name="flatContext"/> (REST APIs), a <c>context</c> value that is an object or an array makes the answer
    /// invalid, as REST APIs refuse it.
    /// </summary>
    public static LambdaAuthorizerAnswer? Parse(ReadOnlySpan<byte> answer, bool simpleResponses, string routeArn, out string? error,
        bool flatContext = false)
    {
        ArgumentNullException.ThrowIfNull(routeArn);
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(answer, new JsonReaderOptions { MaxDepth = 64 });
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException)
        {
            error = "The response from the authorizer is not valid JSON.";
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "The response from the authorizer is not a JSON object.";
                return null;
            }

            var context = default(JsonElement);
            if (root.TryGetProperty("context", out var contextElement) && contextElement.ValueKind != JsonValueKind.Null)
            {
                if (contextElement.ValueKind != JsonValueKind.Object)
                {
                    error = "The authorizer's context must be a JSON object.";
                    return null;
                }

                if (flatContext && contextElement.EnumerateObject().Any(p => p.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array))
                {
                    error = "The authorizer's context values must be strings, numbers or booleans.";
                    return null;
                }

                context = contextElement.Clone();
            }

            if (simpleResponses)
            {
                if (!root.TryGetProperty("isAuthorized", out var isAuthorized) || isAuthorized.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    error = "The authorizer's simple response must have a boolean isAuthorized.";
                    return null;
                }

                error = null;
                return new LambdaAuthorizerAnswer(isAuthorized.GetBoolean() ? PolicyDecision.Allow : PolicyDecision.ImplicitDeny, null, context);
            }

            string? principalId = null;
            if (root.TryGetProperty("principalId", out var principal) && principal.ValueKind != JsonValueKind.Null)
            {
                if (principal.ValueKind != JsonValueKind.String)
                {
                    error = "The authorizer's principalId must be a string.";
                    return null;
                }

                principalId = principal.GetString();
            }

            if (!root.TryGetProperty("policyDocument", out var policy) || policy.ValueKind != JsonValueKind.Object)
            {
                error = "The authorizer's response has no policyDocument.";
                return null;
            }

            if (!AuthorizerPolicy.TryEvaluate(policy, routeArn, out var decision, out error))
            {
                return null;
            }

            return new LambdaAuthorizerAnswer(decision, principalId, context);
        }
    }
}
