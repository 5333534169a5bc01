using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.DataPlane.Authorization;

/// <summary>
/// One identity source of an HTTP API authorizer: <c>$request.header.X</c> (case-insensitive),
/// <c>$request.querystring.X</c> (case-sensitive), <c>$context.X</c> or <c>$stageVariables.X</c>.
/// </summary>
public sealed class IdentitySource
{
    private IdentitySource(IdentitySourceLocation location, string name, string expression)
    {
        Location = location;
        Name = name;
        Expression = expression;
    }

    public IdentitySourceLocation Location { get; }

    public string Name { get; }

    public string Expression { get; }

    public static bool TryParse(string expression, [NotNullWhen(true)] out IdentitySource? source)
    {
        ArgumentNullException.ThrowIfNull(expression);
        source = null;
        (IdentitySourceLocation Location, string Prefix)[] forms =
        [
            (IdentitySourceLocation.Header, "$request.header."),
            (IdentitySourceLocation.QueryString, "$request.querystring."),
            (IdentitySourceLocation.Context, "$context."),
            (IdentitySourceLocation.StageVariable, "$stageVariables."),
        ];
        foreach (var (location, prefix) in forms)
        {
            if (expression.StartsWith(prefix, StringComparison.Ordinal) && expression.Length > prefix.Length)
            {
                source = new IdentitySource(location, expression[prefix.Length..], expression);
                return true;
            }
        }

        return false;
    }

    /// <summary>The value in this request, or null when it is absent or empty (AWS then answers 401).</summary>
    public string? Evaluate(RequestContext context, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var value = Location switch
        {
            IdentitySourceLocation.Header => request.Headers.TryGetValue(Name, out var header) ? header.ToString() : null,
            IdentitySourceLocation.QueryString => request.Query.TryGetValue(Name, out var query) ? query.ToString() : null,
            IdentitySourceLocation.Context => context.Variable(Name),
            IdentitySourceLocation.StageVariable => context.Stage?.StageVariables.GetValueOrDefault(Name),
            _ => null,
        };
        return string.IsNullOrEmpty(value) ? null : value;
    }
}

public enum IdentitySourceLocation
{
    Header,
    QueryString,
    Context,
    StageVariable,
}
