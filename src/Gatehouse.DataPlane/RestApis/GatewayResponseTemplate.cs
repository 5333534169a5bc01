using System.Text;

namespace Gatehouse.DataPlane.RestApis;

/// <summary>
/// A gateway response's body template, parsed once per deployment. AWS renders these with "a non-VTL mapping template
/// supporting only simple variable substitutions" of <c>$context.*</c> and <c>$stageVariables.*</c>
/// (api-gateway-gatewayResponse-definition): every other character is copied as is; an unknown variable renders as
/// nothing. <c>${context.x}</c> and quiet <c>$!context.x</c> are read too.
/// </summary>
public sealed class GatewayResponseTemplate
{
    private readonly Part[] _parts;

    private GatewayResponseTemplate(Part[] parts) => _parts = parts;

    public static GatewayResponseTemplate Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = new List<Part>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '$' && TryReadReference(text, i, out var root, out var name, out var end))
            {
                if (literal.Length > 0)
                {
                    parts.Add(new Part(literal.ToString(), null, null));
                    literal.Clear();
                }

                parts.Add(new Part(null, root, name));
                i = end;
                continue;
            }

            literal.Append(text[i]);
            i++;
        }

        if (literal.Length > 0)
        {
            parts.Add(new Part(literal.ToString(), null, null));
        }

        return new GatewayResponseTemplate([.. parts]);
    }

    /// <summary>Renders the template; <paramref name="lookup"/> answers a variable (<c>context</c> or <c>stageVariables</c>, then its name).</summary>
    public string Render(Func<string, string, string?> lookup)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        var output = new StringBuilder();
        foreach (var part in _parts)
        {
            output.Append(part.Literal ?? lookup(part.Root!, part.Name!));
        }

        return output.ToString();
    }

    private static bool TryReadReference(string text, int start, out string root, out string name, out int end)
    {
        root = name = "";
        end = start;
        var i = start + 1;
        if (i < text.Length && text[i] == '!')
        {
            i++;
        }

        var braced = i < text.Length && text[i] == '{';
        if (braced)
        {
            i++;
        }

        foreach (var candidate in (ReadOnlySpan<string>)["context.", "stageVariables."])
        {
            if (string.CompareOrdinal(text, i, candidate, 0, candidate.Length) != 0)
            {
                continue;
            }

            var nameStart = i + candidate.Length;
            var j = nameStart;
            while (j < text.Length && (char.IsAsciiLetterOrDigit(text[j]) || text[j] is '_' or '.' or '-'))
            {
                j++;
            }

            while (j > nameStart && text[j - 1] is '.' or '-')
            {
                j--; // a sentence's full stop is not part of the name
            }

            if (j == nameStart || (braced && (j >= text.Length || text[j] != '}')))
            {
                return false;
            }

            root = candidate[..^1];
            name = text[nameStart..j];
            end = braced ? j + 1 : j;
            return true;
        }

        return false;
    }

    private sealed record Part(string? Literal, string? Root, string? Name);
}
