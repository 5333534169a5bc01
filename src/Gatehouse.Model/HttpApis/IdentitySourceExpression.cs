namespace Gatehouse.Model.HttpApis;

/// <summary>Where an HTTP API authorizer reads a piece of the caller's identity.</summary>
public enum IdentitySourceKind
{
    /// <summary><c>$request.header.{name}</c>: a request header (names match case-insensitively).</summary>
    Header,

    /// <summary><c>$request.querystring.{name}</c>: a query string parameter.</summary>
    QueryString,

    /// <summary><c>$context.{name}</c>: a context variable such as <c>routeKey</c> or <c>identity.sourceIp</c>.</summary>
    Context,

    /// <summary><c>$stageVariables.{name}</c>: a variable of the stage serving the request.</summary>
    StageVariable,
}

/// <summary>
/// One entry of an HTTP API authorizer's <c>identitySource</c>: <c>$request.header.X</c>, <c>$request.querystring.X</c>,
/// <c>$context.X</c> or <c>$stageVariables.X</c>. JWT authorizers take one header or query string entry.
/// </summary>
public sealed record IdentitySourceExpression(IdentitySourceKind Kind, string Name)
{
    private const string HeaderPrefix = "$request.header.";
    private const string QueryStringPrefix = "$request.querystring.";
    private const string ContextPrefix = "$context.";
    private const string StageVariablePrefix = "$stageVariables.";

    /// <summary>The expression as AWS writes it.</summary>
    public string Expression => Kind switch
    {
        IdentitySourceKind.Header => HeaderPrefix + Name,
        IdentitySourceKind.QueryString => QueryStringPrefix + Name,
        IdentitySourceKind.Context => ContextPrefix + Name,
        _ => StageVariablePrefix + Name,
    };

    public static bool TryParse(string? expression, out IdentitySourceExpression source, out string error)
    {
        source = null!;
        var text = expression ?? "";
        var (kind, name, valid) =
            text.StartsWith(HeaderPrefix, StringComparison.Ordinal) ? Part(IdentitySourceKind.Header, text, HeaderPrefix, IsHeaderNameChar) :
            text.StartsWith(QueryStringPrefix, StringComparison.Ordinal) ? Part(IdentitySourceKind.QueryString, text, QueryStringPrefix, IsQueryNameChar) :
            text.StartsWith(ContextPrefix, StringComparison.Ordinal) ? Part(IdentitySourceKind.Context, text, ContextPrefix, IsContextNameChar) :
            text.StartsWith(StageVariablePrefix, StringComparison.Ordinal) ? Part(IdentitySourceKind.StageVariable, text, StageVariablePrefix, IsStageVariableNameChar) :
            (default, "", false);
        if (!valid)
        {
            error = $"Invalid identity source '{text}': must be $request.header.{{name}}, $request.querystring.{{name}}, " +
                "$context.{name} or $stageVariables.{name}";
            return false;
        }

        source = new IdentitySourceExpression(kind, name);
        error = "";
        return true;
    }

    public override string ToString() => Expression;

    private static (IdentitySourceKind Kind, string Name, bool Valid) Part(IdentitySourceKind kind, string text, string prefix, Func<char, bool> allowed)
    {
        var name = text[prefix.Length..];
        return (kind, name, name.Length is > 0 and <= 256 && name.All(allowed));
    }

    // RFC 9110 token characters.
    private static bool IsHeaderNameChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);

    private static bool IsQueryNameChar(char c) => c > ' ' && c < 0x7f && c is not ('&' or '=' or '#');

    private static bool IsContextNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-';

    // Stage variable names are letters, digits and '_' (the control plane's rule for the variables themselves).
    private static bool IsStageVariableNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
