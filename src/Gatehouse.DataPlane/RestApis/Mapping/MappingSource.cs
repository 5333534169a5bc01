namespace Gatehouse.DataPlane.RestApis.Mapping;

/// <summary>
/// One REST parameter mapping's value expression, parsed once per deployment: <c>method.request.header.x</c>,
/// <c>integration.response.body.a.b</c>, <c>'static'</c>, <c>context.x</c>, <c>stageVariables.x</c>.
/// </summary>
public sealed record MappingSource(MappingSourceKind Kind, string Name, BodyJsonPath? Path = null)
{
    /// <summary>
    /// Parses an expression; false for one that is not a source on that side (the control plane refuses those, so a
    /// stored one maps nothing).
    /// </summary>
    public static bool TryParse(string expression, bool responseSide, out MappingSource source)
    {
        ArgumentNullException.ThrowIfNull(expression);
        source = null!;
        if (expression.Length >= 2 && expression[0] == '\'' && expression[^1] == '\'')
        {
            source = new MappingSource(MappingSourceKind.Static, expression[1..^1]);
            return true;
        }

        if (TryName(expression, "context.", out var name))
        {
            source = new MappingSource(MappingSourceKind.Context, name);
            return true;
        }

        if (TryName(expression, "stageVariables.", out name))
        {
            source = new MappingSource(MappingSourceKind.StageVariable, name);
            return true;
        }

        var prefix = responseSide ? "integration.response." : "method.request.";
        if (!expression.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = expression[prefix.Length..];
        if (rest == "body")
        {
            source = new MappingSource(responseSide ? MappingSourceKind.IntegrationBody : MappingSourceKind.MethodBody, "");
            return true;
        }

        if (TryName(rest, "body.", out name))
        {
            if (!BodyJsonPath.TryParse(name, out var path))
            {
                return false;
            }

            source = new MappingSource(responseSide ? MappingSourceKind.IntegrationBodyPath : MappingSourceKind.MethodBodyPath, name, path);
            return true;
        }

        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == rest.Length - 1)
        {
            return false;
        }

        MappingSourceKind? kind = (responseSide, rest[..dot]) switch
        {
            (false, "path") => MappingSourceKind.MethodPath,
            (false, "querystring") => MappingSourceKind.MethodQueryString,
            (false, "multivaluequerystring") => MappingSourceKind.MethodMultiValueQueryString,
            (false, "header") => MappingSourceKind.MethodHeader,
            (false, "multivalueheader") => MappingSourceKind.MethodMultiValueHeader,
            (true, "header") => MappingSourceKind.IntegrationHeader,
            (true, "multivalueheader") => MappingSourceKind.IntegrationMultiValueHeader,
            _ => null,
        };
        if (kind is null)
        {
            return false;
        }

        source = new MappingSource(kind.Value, rest[(dot + 1)..]);
        return true;
    }

    /// <summary>True when the value is read from the body, which must then be JSON.</summary>
    public bool ReadsBodyJson => Kind is MappingSourceKind.MethodBodyPath or MappingSourceKind.IntegrationBodyPath;

    private static bool TryName(string expression, string prefix, out string name)
    {
        name = "";
        if (!expression.StartsWith(prefix, StringComparison.Ordinal) || expression.Length == prefix.Length)
        {
            return false;
        }

        name = expression[prefix.Length..];
        return true;
    }
}
