namespace Gatehouse.Templates;

/// <summary>
/// What one render sees: the body and parameters behind <c>$input</c>, the <c>$context</c> and
/// <c>$stageVariables</c> maps, and, after rendering, the overrides the template set through
/// <c>$context.requestOverride</c> and <c>$context.responseOverride</c>. One per request and template: a render may
/// change its maps.
/// </summary>
public sealed class TemplateContext
{
    /// <summary>The request (or integration response) body: <c>$input.body</c>, and the JSON that
    /// <c>$input.path</c> and <c>$input.json</c> read.</summary>
    public string Body { get; init; } = "";

    /// <summary>Path parameters: <c>$input.params().path</c>, searched first by <c>$input.params('x')</c>.</summary>
    public IEnumerable<KeyValuePair<string, string>> PathParameters { get; init; } = [];

    /// <summary>Query string parameters: <c>$input.params().querystring</c>, searched second.</summary>
    public IEnumerable<KeyValuePair<string, string>> QueryStringParameters { get; init; } = [];

    /// <summary>Headers: <c>$input.params().header</c> (names match whatever their case), searched last.</summary>
    public IEnumerable<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary><c>$context</c>: nested maps the caller fills (<c>identity</c>, <c>authorizer</c>...).</summary>
    public TemplateMap Context { get; init; } = new();

    /// <summary><c>$stageVariables</c>.</summary>
    public TemplateMap StageVariables { get; init; } = new();

    /// <summary>What the template set in <c>$context.requestOverride.header/querystring/path</c>.</summary>
    public RequestOverride ReadRequestOverride()
    {
        var map = Context["requestOverride"] as TemplateMap;
        return new RequestOverride(
            Flatten(map?["header"] as TemplateMap),
            Flatten(map?["querystring"] as TemplateMap),
            Flatten(map?["path"] as TemplateMap));
    }

    /// <summary>What the template set in <c>$context.responseOverride.status/header</c>.</summary>
    public ResponseOverride ReadResponseOverride()
    {
        var map = Context["responseOverride"] as TemplateMap;
        int? status = map?["status"] switch
        {
            long l and >= 100 and <= 599 => (int)l,
            double d when d == Math.Floor(d) && d is >= 100 and <= 599 => (int)d,
            string s when int.TryParse(s, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i) && i is >= 100 and <= 599 => i,
            _ => null,
        };
        return new ResponseOverride(status, Flatten(map?["header"] as TemplateMap));
    }

    /// <summary>
    /// Prepares the override maps a template writes into, where the context has none yet. A context rendered again
    /// keeps what earlier renders set: API Gateway's response template reads the <c>$context.requestOverride</c> its
    /// request template set (the request and response renders of one request share the <c>$context</c> map).
    /// </summary>
    internal void EnsureOverrides()
    {
        if (Context["requestOverride"] is not TemplateMap)
        {
            var request = new TemplateMap();
            request["header"] = new TemplateMap(StringComparer.OrdinalIgnoreCase);
            request["querystring"] = new TemplateMap();
            request["path"] = new TemplateMap();
            Context["requestOverride"] = request;
        }

        if (Context["responseOverride"] is not TemplateMap)
        {
            var response = new TemplateMap();
            response["header"] = new TemplateMap(StringComparer.OrdinalIgnoreCase);
            Context["responseOverride"] = response;
        }
    }

    // A list value (#set($context.requestOverride.header.h = [$a, $b])) is a multi-value header: one entry each.
    private static IReadOnlyList<KeyValuePair<string, string>> Flatten(TemplateMap? map)
    {
        if (map is null || map.Count == 0)
        {
            return [];
        }

        var entries = new List<KeyValuePair<string, string>>(map.Count);
        foreach (var (key, value) in map.Entries)
        {
            if (value is TemplateList list && !list.IsJson)
            {
                foreach (var item in list.Items)
                {
                    entries.Add(new(key, ValueText.ToText(item, int.MaxValue)));
                }
            }
            else if (value is not null)
            {
                entries.Add(new(key, ValueText.ToText(value, int.MaxValue)));
            }
        }

        return entries;
    }
}

/// <summary>The integration request's header, query string and path overrides a template set.</summary>
public sealed record RequestOverride(
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    IReadOnlyList<KeyValuePair<string, string>> QueryString,
    IReadOnlyList<KeyValuePair<string, string>> Path);

/// <summary>The method response's status and header overrides a template set; Status is null when unset or not a
/// status code.</summary>
public sealed record ResponseOverride(int? Status, IReadOnlyList<KeyValuePair<string, string>> Headers);
