namespace Gatehouse.Templates;

/// <summary><c>$foreach</c> inside a loop: <c>index</c> (from 0), <c>count</c> (from 1), <c>hasNext</c>,
/// <c>first</c>, <c>last</c>, <c>parent</c>.</summary>
internal sealed class ForeachState(int total, ForeachState? parent) : InternalValue
{
    public int Index { get; set; }

    public object? Get(string name) => name switch
    {
        "index" => (long)Index,
        "count" => (long)(Index + 1),
        "hasNext" => Index < total - 1,
        "first" => Index == 0,
        "last" => Index == total - 1,
        "parent" => parent,
        _ => null,
    };

    /// <summary>The getters behind the properties, as Java names them: getIndex(), hasNext(), isFirst()...</summary>
    public object? Invoke(string method) => method switch
    {
        "getIndex" => Get("index"),
        "getCount" => Get("count"),
        "hasNext" or "getHasNext" => Get("hasNext"),
        "isFirst" or "getFirst" => Get("first"),
        "isLast" or "getLast" => Get("last"),
        "getParent" => Get("parent"),
        _ => null,
    };
}
