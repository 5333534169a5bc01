using Gatehouse.Templates;

namespace Gatehouse.DataPlane.RestApis.Mapping;

/// <summary>The <see cref="TemplateContext"/> of a render: <c>$input.params()</c> from the method request (the last
/// value of a repeated query parameter or header), <c>$input.body</c> as given, <c>$context</c> and
/// <c>$stageVariables</c>.</summary>
internal static class TemplateContexts
{
    public static TemplateContext For(MethodRequestData request, string body, TemplateMap context) => new()
    {
        Body = body,
        PathParameters = request.PathParameters,
        QueryStringParameters = LastValues(request.QueryString, StringComparer.Ordinal),
        Headers = LastValues(request.Headers, StringComparer.OrdinalIgnoreCase),
        Context = context,
        StageVariables = TemplateMap.From(request.StageVariables),
    };

    private static List<KeyValuePair<string, string>> LastValues(IReadOnlyList<KeyValuePair<string, string>> pairs, StringComparer comparer)
    {
        var index = new Dictionary<string, int>(comparer);
        var result = new List<KeyValuePair<string, string>>(pairs.Count);
        foreach (var (key, value) in pairs)
        {
            if (index.TryGetValue(key, out var at))
            {
                result[at] = new(result[at].Key, value);
            }
            else
            {
                index[key] = result.Count;
                result.Add(new(key, value));
            }
        }

        return result;
    }
}
