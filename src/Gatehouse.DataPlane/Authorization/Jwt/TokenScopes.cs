using System.Text.Json;

namespace Gatehouse.DataPlane.Authorization.Jwt;

/// <summary>
/// The scopes a token grants: its <c>scope</c> claim (RFC 6749 §3.3, space-separated) and its <c>scp</c> claim (a
/// space-separated string or an array of strings, as Okta and Entra ID issue it). AWS reads either.
/// </summary>
internal static class TokenScopes
{
    public static IReadOnlyList<string> Read(JsonElement payload)
    {
        var scopes = new Scopes();
        scopes.AddClaim(payload, "scope");
        scopes.AddClaim(payload, "scp");
        return scopes.List ?? (IReadOnlyList<string>)[];
    }

    /// <summary>True when the token has at least one of the route's scopes (AWS: "at least one of the route's scopes").</summary>
    public static bool ContainsAny(IReadOnlyList<string> tokenScopes, IReadOnlyList<string> routeScopes)
    {
        foreach (var required in routeScopes)
        {
            foreach (var granted in tokenScopes)
            {
                if (string.Equals(granted, required, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The scopes in the order the token lists them, each once (a set keeps a long list linear).</summary>
    private struct Scopes
    {
        private HashSet<string>? _seen;

        public List<string>? List { get; private set; }

        public void AddClaim(JsonElement payload, string claim)
        {
            if (!payload.TryGetProperty(claim, out var value))
            {
                return;
            }

            if (value.ValueKind == JsonValueKind.String)
            {
                foreach (var scope in value.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    Add(scope);
                }
            }
            else if (value.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in value.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.String && item.GetString() is { Length: > 0 } scope)
                    {
                        Add(scope);
                    }
                }
            }
        }

        private void Add(string scope)
        {
            _seen ??= new HashSet<string>(StringComparer.Ordinal);
            if (_seen.Add(scope))
            {
                (List ??= []).Add(scope);
            }
        }
    }
}
