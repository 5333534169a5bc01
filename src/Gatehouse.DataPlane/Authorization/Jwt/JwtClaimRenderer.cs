using System.Text;
using System.Text.Json;

namespace Gatehouse.DataPlane.Authorization.Jwt;

/// <summary>
/// Renders a claim's JSON value as the string AWS hands to integrations. AWS's renderings are those of Go's
/// <c>fmt</c> <c>%v</c> on the decoded JSON, as reported from real HTTP APIs:
/// <list type="bullet">
/// <item>strings as they are; numbers as written in the token (<c>"exp": "1612061676"</c>); booleans <c>true</c>/<c>false</c>
/// (aws-lambda-go#294, awsdocs/amazon-api-gateway-developer-guide#113, DefinitelyTyped#75458);</item>
/// <item>arrays as <c>[a b c]</c>: elements rendered the same way, separated by one space (aws-lambda-go#591:
/// <c>cognito:groups</c> → <c>"[Admin Merchant Remarketer]"</c>);</item>
/// <item>objects as <c>map[k1:v1 k2:v2]</c>, keys sorted (aws-lambda-go#570: <c>"map[key:value]"</c>);</item>
/// <item>a null inside an array or object as <c>&lt;nil&gt;</c>; a claim whose value is null is left out (floci#2011,
/// measured against AWS).</item>
/// </list>
/// </summary>
internal static class JwtClaimRenderer
{
    /// <summary>The rendered value, or null for a JSON null (the claim is then left out).</summary>
    public static string? Render(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => RenderComposite(value),
    };

    private static string RenderComposite(JsonElement value)
    {
        var builder = new StringBuilder();
        Append(builder, value);
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                builder.Append(value.GetString());
                break;
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                builder.Append("<nil>");
                break;
            case JsonValueKind.Array:
                builder.Append('[');
                var first = true;
                foreach (var item in value.EnumerateArray())
                {
                    if (!first)
                    {
                        builder.Append(' ');
                    }

                    first = false;
                    Append(builder, item);
                }

                builder.Append(']');
                break;
            case JsonValueKind.Object:
                // Go's fmt prints a map's keys in sorted order (byte order for strings).
                var properties = value.EnumerateObject().ToList();
                properties.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
                builder.Append("map[");
                for (var i = 0; i < properties.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(' ');
                    }

                    builder.Append(properties[i].Name).Append(':');
                    Append(builder, properties[i].Value);
                }

                builder.Append(']');
                break;
            default:
                builder.Append(value.GetRawText());
                break;
        }
    }
}
