using Microsoft.AspNetCore.Http;

namespace Gatehouse.DataPlane.RestApis.Authorization;

/// <summary>
/// One identity source of a REST authorizer, as AWS writes them: <c>method.request.header.X</c>,
/// <c>method.request.querystring.X</c>, <c>stageVariables.X</c> or <c>context.X</c> (path parameters cannot be
/// identity sources; facts §7.3). A REQUEST authorizer lists several, separated by commas.
/// </summary>
public sealed class RestIdentitySource
{
    private const string HeaderPrefix = "method.request.header.";
    private const string QueryPrefix = "method.request.querystring.";
    private const string StagePrefix = "stageVariables.";
    private const string ContextPrefix = "context.";

    private readonly Kind _kind;

    private RestIdentitySource(string expression, Kind kind, string name)
    {
        Expression = expression;
        _kind = kind;
        Name = name;
    }

    private enum Kind
    {
        Header,
        QueryString,
        StageVariable,
        Context,
    }

    /// <summary>The source as configured: <c>method.request.header.Authorization</c>.</summary>
    public string Expression { get; }

    public string Name { get; }

    public static bool TryParse(string expression, out RestIdentitySource? source)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var text = expression.Trim();
        source = text switch
        {
            _ when Named(text, HeaderPrefix) is { } name => new RestIdentitySource(text, Kind.Header, name),
            _ when Named(text, QueryPrefix) is { } name => new RestIdentitySource(text, Kind.QueryString, name),
            _ when Named(text, StagePrefix) is { } name => new RestIdentitySource(text, Kind.StageVariable, name),
            _ when Named(text, ContextPrefix) is { } name => new RestIdentitySource(text, Kind.Context, name),
            _ => null,
        };
        return source is not null;
    }

    /// <summary>A comma-separated list (a REQUEST authorizer's); throws <see cref="FormatException"/> for a source it cannot read.</summary>
    public static IReadOnlyList<RestIdentitySource> ParseList(string? identitySource)
    {
        if (string.IsNullOrWhiteSpace(identitySource))
        {
            return [];
        }

        var sources = new List<RestIdentitySource>();
        foreach (var part in identitySource.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            sources.Add(TryParse(part, out var source) ? source! : throw new FormatException($"invalid identity source '{part}'"));
        }

        return sources;
    }

    /// <summary>The value in this request; null when it is absent or empty (AWS then answers 401 without calling anything).</summary>
    public string? Evaluate(HttpRequest request, RequestContext context, RestRequestState state)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(state);
        var value = _kind switch
        {
            Kind.Header => request.Headers.TryGetValue(Name, out var header) ? header.ToString() : null,
            Kind.QueryString => request.Query.TryGetValue(Name, out var query) ? query.ToString() : null,
            Kind.StageVariable => state.Stage.StageVariables.GetValueOrDefault(Name),
            _ => context.Variable(Name),
        };
        return string.IsNullOrEmpty(value) ? null : value;
    }

    private static string? Named(string text, string prefix) =>
        text.Length > prefix.Length && text.StartsWith(prefix, StringComparison.Ordinal) ? text[prefix.Length..] : null;
}
