using System.Text.Json;

namespace Gatehouse.Model.RestApis.Schemas;

/// <summary>Resolves a local <c>$ref</c> (<c>#</c>, <c>#/definitions/Bin</c>) inside one schema document.</summary>
internal static class JsonPointer
{
    public static bool TryResolve(JsonElement root, string fragment, out JsonElement found)
    {
        found = root;
        if (!fragment.StartsWith('#'))
        {
            return false;
        }

        var pointer = Uri.UnescapeDataString(fragment[1..]);
        if (pointer.Length == 0)
        {
            return true;
        }

        if (!pointer.StartsWith('/'))
        {
            return false;
        }

        foreach (var raw in pointer[1..].Split('/'))
        {
            var token = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (found.ValueKind == JsonValueKind.Object && found.TryGetProperty(token, out var member))
            {
                found = member;
            }
            else if (found.ValueKind == JsonValueKind.Array && int.TryParse(token, out var index) && index >= 0 && index < found.GetArrayLength())
            {
                found = found[index];
            }
            else
            {
                return false;
            }
        }

        return true;
    }
}
