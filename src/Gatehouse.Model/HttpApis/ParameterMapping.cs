namespace Gatehouse.Model.HttpApis;

public enum MappingAction
{
    Append,
    Overwrite,
    Remove,
}

public enum MappingTarget
{
    Header,
    QueryString,
    Path,
    StatusCode,
}

/// <summary>
/// One HTTP API parameter mapping, such as <c>"append:header.x-user" → "$request.querystring.user"</c> on an
/// integration's requestParameters, or <c>"overwrite:statuscode" → "204"</c> in its responseParameters.
/// </summary>
public sealed record ParameterMapping(MappingAction Action, MappingTarget Target, string Name, MappingExpression Value)
{
    // Headers API Gateway does not let a mapping touch (AWS's list for HTTP APIs); prefixes end with '*'.
    private static readonly string[] ReservedHeaders =
    [
        "access-control-*", "apigw-*", "authorization", "connection", "content-encoding", "content-length",
        "content-location", "forwarded", "keep-alive", "origin", "proxy-authenticate", "proxy-authorization", "te",
        "trailers", "transfer-encoding", "upgrade", "x-amz-*", "x-amzn-*", "x-forwarded-for", "x-forwarded-host",
        "x-forwarded-proto", "via",
    ];

    public static bool TryParseRequest(string key, string value, out ParameterMapping mapping, out string error) =>
        TryParse(key, value, response: false, out mapping, out error);

    public static bool TryParseResponse(string key, string value, out ParameterMapping mapping, out string error) =>
        TryParse(key, value, response: true, out mapping, out error);

    public static bool IsReservedHeader(string name) =>
        ReservedHeaders.Any(r => r.EndsWith('*')
            ? name.StartsWith(r[..^1], StringComparison.OrdinalIgnoreCase)
            : name.Equals(r, StringComparison.OrdinalIgnoreCase));

    private static bool TryParse(string key, string value, bool response, out ParameterMapping mapping, out string error)
    {
        mapping = null!;
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        var action = colon < 0 ? null : key[..colon] switch
        {
            "append" => MappingAction.Append,
            "overwrite" => MappingAction.Overwrite,
            "remove" => (MappingAction?)MappingAction.Remove,
            _ => null,
        };
        if (action is null)
        {
            error = $"Invalid mapping key '{key}'. A key must start with 'append:', 'overwrite:' or 'remove:'";
            return false;
        }

        var rest = key[(colon + 1)..];
        MappingTarget target;
        var name = "";
        if (rest.StartsWith("header.", StringComparison.Ordinal) && rest.Length > "header.".Length)
        {
            target = MappingTarget.Header;
            name = rest["header.".Length..];
            if (IsReservedHeader(name))
            {
                error = $"Invalid mapping key '{key}'. Header '{name}' is reserved and cannot be mapped";
                return false;
            }
        }
        else if (!response && rest.StartsWith("querystring.", StringComparison.Ordinal) && rest.Length > "querystring.".Length)
        {
            target = MappingTarget.QueryString;
            name = rest["querystring.".Length..];
        }
        else if (!response && rest == "path")
        {
            target = MappingTarget.Path;
        }
        else if (response && rest == "statuscode")
        {
            target = MappingTarget.StatusCode;
        }
        else
        {
            error = response
                ? $"Invalid mapping key '{key}'. Response mappings may change 'header.{{name}}' or 'statuscode'"
                : $"Invalid mapping key '{key}'. Request mappings may change 'header.{{name}}', 'querystring.{{name}}' or 'path'";
            return false;
        }

        if (target is MappingTarget.Path or MappingTarget.StatusCode && action != MappingAction.Overwrite)
        {
            error = $"Invalid mapping key '{key}'. '{rest}' can only be overwritten";
            return false;
        }

        MappingExpression expression;
        if (action == MappingAction.Remove)
        {
            expression = MappingExpression.Empty;
        }
        else if (!MappingExpression.TryParse(value, response, out expression, out error))
        {
            error = $"Invalid mapping value for '{key}': {error}";
            return false;
        }

        if (target == MappingTarget.StatusCode && expression.IsLiteral &&
            (!int.TryParse(expression.Literal, out var status) || status is < 200 or > 599))
        {
            error = $"Invalid mapping value for '{key}': a status code must be between 200 and 599";
            return false;
        }

        mapping = new ParameterMapping(action.Value, target, name, expression);
        error = "";
        return true;
    }
}
