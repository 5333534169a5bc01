namespace Gatehouse.Templates;

/// <summary>
/// <c>$x.name</c> without parentheses, as Velocity resolves it on the engine's types: a map's key, a getter
/// (<c>$input.body</c>, <c>$entry.key</c>), or a boolean getter (<c>$list.empty</c>). Nothing else is reachable.
/// </summary>
internal static class Properties
{
    public static object? Get(object target, string name) => target switch
    {
        TemplateMap map => map[name],
        InputVariable input => name == "body" ? input.Body : null,
        ForeachState state => state.Get(name),
        MapEntry entry => name switch
        {
            "key" => entry.Key,
            "value" => entry.Value,
            _ => null,
        },
        TemplateList list => name == "empty" ? list.Count == 0 : null,
        string s => name == "empty" ? s.Length == 0 : null,
        _ => null,
    };
}
