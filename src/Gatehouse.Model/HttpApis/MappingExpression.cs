using System.Text;

namespace Gatehouse.Model.HttpApis;

public enum MappingSource
{
    Literal,
    RequestHeader,
    RequestQueryString,
    RequestPath,
    RequestPathParameter,
    Context,
    StageVariable,
    ResponseHeader,
}

/// <summary>One piece of a mapping value: literal text or a reference such as <c>$request.header.name</c>.</summary>
public readonly record struct MappingPart(MappingSource Source, string Name);

/// <summary>
/// A parameter-mapping value: a single reference (<c>$request.querystring.id</c>), static text, or text with
/// <c>${...}</c> references (<c>"${request.path.a}-${stageVariables.b}"</c>), parsed once.
/// </summary>
public sealed record MappingExpression(IReadOnlyList<MappingPart> Parts)
{
    public static MappingExpression Empty { get; } = new([]);

    public bool IsLiteral => Parts.All(p => p.Source == MappingSource.Literal);

    public string Literal => string.Concat(Parts.Select(p => p.Name));

    public static bool TryParse(string value, bool response, out MappingExpression expression, out string error)
    {
        expression = Empty;
        error = "";
        if (string.IsNullOrEmpty(value))
        {
            error = "the value must not be empty";
            return false;
        }

        var parts = new List<MappingPart>();
        if (value[0] == '$' && (value.Length < 2 || value[1] != '{'))
        {
            if (!TryParseReference(value[1..], response, out var part, out error))
            {
                return false;
            }

            expression = new MappingExpression([part]);
            return true;
        }

        var literal = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '$' && i + 1 < value.Length && value[i + 1] == '{')
            {
                var end = value.IndexOf('}', i + 2);
                if (end < 0)
                {
                    error = $"'{value}' has an unclosed '${{'";
                    return false;
                }

                if (!TryParseReference(value[(i + 2)..end], response, out var part, out error))
                {
                    return false;
                }

                if (literal.Length > 0)
                {
                    parts.Add(new MappingPart(MappingSource.Literal, literal.ToString()));
                    literal.Clear();
                }

                parts.Add(part);
                i = end;
            }
            else
            {
                literal.Append(value[i]);
            }
        }

        if (literal.Length > 0)
        {
            parts.Add(new MappingPart(MappingSource.Literal, literal.ToString()));
        }

        expression = new MappingExpression(parts);
        return true;
    }

    private static bool TryParseReference(string reference, bool response, out MappingPart part, out string error)
    {
        part = default;
        error = "";
        (string Prefix, MappingSource Source, bool ResponseOnly)[] named =
        [
            ("request.header.", MappingSource.RequestHeader, false),
            ("request.querystring.", MappingSource.RequestQueryString, false),
            ("request.path.", MappingSource.RequestPathParameter, false),
            ("context.", MappingSource.Context, false),
            ("stageVariables.", MappingSource.StageVariable, false),
            ("response.header.", MappingSource.ResponseHeader, true),
        ];
        if (reference == "request.path")
        {
            part = new MappingPart(MappingSource.RequestPath, "");
            return true;
        }

        foreach (var (prefix, source, responseOnly) in named)
        {
            if (reference.StartsWith(prefix, StringComparison.Ordinal) && reference.Length > prefix.Length)
            {
                if (responseOnly && !response)
                {
                    error = $"'${reference}' can only be used in response mappings";
                    return false;
                }

                part = new MappingPart(source, reference[prefix.Length..]);
                return true;
            }
        }

        error = reference.StartsWith("request.body", StringComparison.Ordinal) || reference.StartsWith("response.body", StringComparison.Ordinal)
            ? $"'${reference}': body mapping is not supported by Gatehouse yet"
            : $"'${reference}' is not a supported source; use $request.header.*, $request.querystring.*, $request.path, $request.path.*, $context.*, $stageVariables.* or $response.header.*";
        return false;
    }
}
