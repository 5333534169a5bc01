using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gatehouse.Observability.Notifications;

/// <summary>
/// A topic's HTTP/S delivery policy (<c>{"http":{"defaultHealthyRetryPolicy":{…},"defaultRequestPolicy":{…}}}</c>):
/// how often and when a failed delivery is retried, and the <c>Content-Type</c> of the POST. The default is SNS's: three
/// retries, 20 seconds apart. <see cref="RetryDelays"/> lays the retries out in SNS's four phases: immediate retries,
/// retries at the minimum delay, the backoff phase from the minimum to the maximum delay, retries at the maximum delay.
/// AWS does not publish its backoff curves as formulas; Gatehouse uses, for the k-th of n backoff retries and
/// f = k/n, min + (max − min) × g(f) with g(f) = f (linear), f² (arithmetic), f³ (geometric), (2^(10f) − 1) / 1023
/// (exponential).
/// </summary>
public sealed record DeliveryPolicy
{
    public const int MaxRetries = 100;
    public const int MaxDelaySeconds = 3600;

    /// <summary>Content types SNS accepts in <c>defaultRequestPolicy.headerContentType</c>.</summary>
    public static readonly IReadOnlyList<string> ContentTypes =
    [
        "text/plain", "text/plain; charset=UTF-8", "application/json", "application/json; charset=UTF-8",
        "application/xml", "application/xml; charset=UTF-8", "text/xml", "text/xml; charset=UTF-8",
    ];

    public static readonly IReadOnlyList<string> BackoffFunctions = ["arithmetic", "exponential", "geometric", "linear"];

    public static DeliveryPolicy Default { get; } = new();

    public int MinDelayTarget { get; init; } = 20;
    public int MaxDelayTarget { get; init; } = 20;
    public int NumRetries { get; init; } = 3;
    public int NumMaxDelayRetries { get; init; }
    public int NumNoDelayRetries { get; init; }
    public int NumMinDelayRetries { get; init; }
    public string BackoffFunction { get; init; } = "linear";
    public bool DisableSubscriptionOverrides { get; init; }
    public string HeaderContentType { get; init; } = "text/plain; charset=UTF-8";

    /// <summary>The delay before each retry, in order (as many as <see cref="NumRetries"/>).</summary>
    public IReadOnlyList<TimeSpan> RetryDelays()
    {
        var delays = new List<TimeSpan>(NumRetries);
        delays.AddRange(Enumerable.Repeat(TimeSpan.Zero, NumNoDelayRetries));
        delays.AddRange(Enumerable.Repeat(TimeSpan.FromSeconds(MinDelayTarget), NumMinDelayRetries));
        var backoff = NumRetries - NumNoDelayRetries - NumMinDelayRetries - NumMaxDelayRetries;
        for (var k = 1; k <= backoff; k++)
        {
            var f = (double)k / backoff;
            var g = BackoffFunction switch
            {
                "arithmetic" => f * f,
                "geometric" => f * f * f,
                "exponential" => (Math.Pow(2, 10 * f) - 1) / 1023,
                _ => f,
            };
            delays.Add(TimeSpan.FromSeconds(Math.Round(MinDelayTarget + ((MaxDelayTarget - MinDelayTarget) * g), 3)));
        }

        delays.AddRange(Enumerable.Repeat(TimeSpan.FromSeconds(MaxDelayTarget), NumMaxDelayRetries));
        return delays;
    }

    /// <summary>GetTopicAttributes' <c>EffectiveDeliveryPolicy</c>, members in the order SNS writes them.</summary>
    public string ToEffectiveJson() => new JsonObject
    {
        ["http"] = new JsonObject
        {
            ["defaultHealthyRetryPolicy"] = new JsonObject
            {
                ["minDelayTarget"] = MinDelayTarget,
                ["maxDelayTarget"] = MaxDelayTarget,
                ["numRetries"] = NumRetries,
                ["numMaxDelayRetries"] = NumMaxDelayRetries,
                ["numNoDelayRetries"] = NumNoDelayRetries,
                ["numMinDelayRetries"] = NumMinDelayRetries,
                ["backoffFunction"] = BackoffFunction,
            },
            ["disableSubscriptionOverrides"] = DisableSubscriptionOverrides,
            ["defaultRequestPolicy"] = new JsonObject { ["headerContentType"] = HeaderContentType },
        },
    }.ToJsonString();

    /// <summary>
    /// Parses and checks a DeliveryPolicy attribute; every problem is reported, in <paramref name="error"/>, as SNS's
    /// reason text. Members SNS knows but Gatehouse does not honour (<c>defaultThrottlePolicy</c>) are refused.
    /// </summary>
    public static bool TryParse(string json, out DeliveryPolicy? policy, out string? error)
    {
        policy = null;
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            error = "DeliveryPolicy: the policy is not valid JSON";
            return false;
        }

        if (root is not JsonObject document)
        {
            error = "DeliveryPolicy: the policy must be a JSON object";
            return false;
        }

        var errors = new List<string>();
        var result = Default;
        foreach (var (protocol, node) in document)
        {
            if (protocol != "http")
            {
                errors.Add($"DeliveryPolicy: Gatehouse supports delivery policies for http only, not '{protocol}'");
                continue;
            }

            if (node is not JsonObject http)
            {
                errors.Add("DeliveryPolicy: http must be a JSON object");
                continue;
            }

            result = ReadHttp(http, errors);
        }

        if (errors.Count == 0)
        {
            Check(result, errors);
        }

        error = errors.Count == 0 ? null : string.Join("; ", errors);
        policy = errors.Count == 0 ? result : null;
        return policy is not null;
    }

    private static DeliveryPolicy ReadHttp(JsonObject http, List<string> errors)
    {
        var result = Default;
        foreach (var (name, node) in http)
        {
            switch (name)
            {
                case "defaultHealthyRetryPolicy" when node is JsonObject retry:
                    result = ReadRetry(result, retry, errors);
                    break;
                case "disableSubscriptionOverrides" when node is JsonValue value && value.TryGetValue<bool>(out var disable):
                    result = result with { DisableSubscriptionOverrides = disable };
                    break;
                case "defaultRequestPolicy" when node is JsonObject request:
                    var contentType = request["headerContentType"] is JsonValue text && text.TryGetValue<string>(out var s) ? s : null;
                    if (contentType is null || !ContentTypes.Contains(contentType))
                    {
                        errors.Add($"DeliveryPolicy: http.defaultRequestPolicy.headerContentType must be one of: {string.Join(", ", ContentTypes)}");
                    }
                    else
                    {
                        result = result with { HeaderContentType = contentType };
                    }

                    break;
                case "defaultThrottlePolicy":
                    errors.Add("DeliveryPolicy: Gatehouse does not support http.defaultThrottlePolicy yet");
                    break;
                default:
                    errors.Add($"DeliveryPolicy: unexpected member http.{name}");
                    break;
            }
        }

        return result;
    }

    private static DeliveryPolicy ReadRetry(DeliveryPolicy result, JsonObject retry, List<string> errors)
    {
        foreach (var (name, node) in retry)
        {
            if (name == "backoffFunction")
            {
                var function = node is JsonValue text && text.TryGetValue<string>(out var s) ? s : null;
                if (function is null || !BackoffFunctions.Contains(function))
                {
                    errors.Add($"DeliveryPolicy: backoffFunction must be one of: {string.Join(", ", BackoffFunctions)}");
                }
                else
                {
                    result = result with { BackoffFunction = function };
                }

                continue;
            }

            if (node is not JsonValue number || !number.TryGetValue<int>(out var n))
            {
                errors.Add($"DeliveryPolicy: {name} must be an integer");
                continue;
            }

            switch (name)
            {
                case "minDelayTarget": result = result with { MinDelayTarget = n }; break;
                case "maxDelayTarget": result = result with { MaxDelayTarget = n }; break;
                case "numRetries": result = result with { NumRetries = n }; break;
                case "numMaxDelayRetries": result = result with { NumMaxDelayRetries = n }; break;
                case "numNoDelayRetries": result = result with { NumNoDelayRetries = n }; break;
                case "numMinDelayRetries": result = result with { NumMinDelayRetries = n }; break;
                default: errors.Add($"DeliveryPolicy: unexpected member http.defaultHealthyRetryPolicy.{name}"); break;
            }
        }

        return result;
    }

    private static void Check(DeliveryPolicy p, List<string> errors)
    {
        if (p.MinDelayTarget < 1)
        {
            errors.Add("DeliveryPolicy: minDelayTarget must be at least 1");
        }

        if (p.MaxDelayTarget < p.MinDelayTarget || p.MaxDelayTarget > MaxDelaySeconds)
        {
            errors.Add($"DeliveryPolicy: maxDelayTarget must be between minDelayTarget and {MaxDelaySeconds}");
        }

        if (p.NumRetries is < 0 or > MaxRetries)
        {
            errors.Add($"DeliveryPolicy: numRetries must be between 0 and {MaxRetries}");
        }

        if (p.NumNoDelayRetries < 0 || p.NumMinDelayRetries < 0 || p.NumMaxDelayRetries < 0)
        {
            errors.Add("DeliveryPolicy: numNoDelayRetries, numMinDelayRetries and numMaxDelayRetries must not be negative");
        }
        else if (p.NumNoDelayRetries + p.NumMinDelayRetries + p.NumMaxDelayRetries > p.NumRetries)
        {
            errors.Add("DeliveryPolicy: numNoDelayRetries + numMinDelayRetries + numMaxDelayRetries must not exceed numRetries");
        }

        if (errors.Count == 0 && p.RetryDelays().Sum(d => d.TotalSeconds) > MaxDelaySeconds)
        {
            errors.Add($"DeliveryPolicy: the total retry time must not exceed {MaxDelaySeconds} seconds");
        }
    }
}
