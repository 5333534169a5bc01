using System.Text.Json;

namespace Gatehouse.DataPlane.Authorization.Lambda;

/// <summary>
/// Evaluates a Lambda authorizer's policy document for <c>execute-api:Invoke</c> on the route's ARN: an explicit
/// Deny wins, else an Allow is needed.
/// </summary>
internal static class AuthorizerPolicy
{
    // Placeholder until the identity-policy evaluator lands; replaced by Gatehouse.Identity.Policies.
    public static bool TryEvaluate(JsonElement policyDocument, string routeArn, out bool allowed, out string? error)
    {
        allowed = false;
        error = null;
        if (!policyDocument.TryGetProperty("Statement", out var statements))
        {
            error = "The authorizer's policyDocument has no Statement.";
            return false;
        }

        var any = false;
        foreach (var statement in statements.ValueKind == JsonValueKind.Array ? statements.EnumerateArray() : Single(statements))
        {
            if (statement.ValueKind != JsonValueKind.Object ||
                !statement.TryGetProperty("Effect", out var effect) || effect.GetString() is not ("Allow" or "Deny"))
            {
                error = "The authorizer's policy has an invalid statement.";
                return false;
            }

            if (!Matches(statement, "Action", "execute-api:Invoke", ignoreCase: true) || !Matches(statement, "Resource", routeArn, ignoreCase: false))
            {
                continue;
            }

            if (effect.GetString() == "Deny")
            {
                allowed = false;
                return true;
            }

            any = true;
        }

        allowed = any;
        return true;
    }

    private static IEnumerable<JsonElement> Single(JsonElement element)
    {
        yield return element;
    }

    private static bool Matches(JsonElement statement, string member, string value, bool ignoreCase)
    {
        if (!statement.TryGetProperty(member, out var patterns))
        {
            return false;
        }

        foreach (var pattern in patterns.ValueKind == JsonValueKind.Array ? patterns.EnumerateArray() : Single(patterns))
        {
            if (pattern.ValueKind == JsonValueKind.String && Wildcard(pattern.GetString()!, value, ignoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Wildcard(string pattern, string value, bool ignoreCase)
    {
        int p = 0, v = 0, star = -1, mark = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || Same(pattern[p], value[v], ignoreCase)))
            {
                p++;
                v++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = v;
            }
            else if (star >= 0)
            {
                p = star + 1;
                v = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    private static bool Same(char a, char b, bool ignoreCase) => ignoreCase ? char.ToLowerInvariant(a) == char.ToLowerInvariant(b) : a == b;
}
