using Gatehouse.Model.HttpApis;

namespace Gatehouse.DataPlane.Routing;

/// <summary>
/// An HTTP API's routes compiled into a tree of path segments. Matching follows AWS's precedence: a full match of
/// path and method (literal segments before <c>{variables}</c>, a method before <c>ANY</c>), then the most specific
/// greedy <c>{proxy+}</c> route, then <c>$default</c>. Built once per deployment; matching takes no locks.
/// </summary>
public sealed class RouteTable<TRoute> where TRoute : class
{
    private readonly Node _root = new();
    private TRoute? _defaultRoute;

    public void Add(RouteKey key, TRoute route)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.IsDefault)
        {
            _defaultRoute = route;
            return;
        }

        var node = _root;
        foreach (var segment in key.Segments)
        {
            switch (segment.Kind)
            {
                case SegmentKind.Literal:
                    node.Literals ??= new Dictionary<string, Node>(StringComparer.Ordinal);
                    if (!node.Literals.TryGetValue(segment.Value, out var next))
                    {
                        next = node.Literals[segment.Value] = new Node();
                    }

                    node = next;
                    break;
                case SegmentKind.Variable:
                    node = node.Variable ??= new Node();
                    break;
                case SegmentKind.Greedy:
                    if (key.Method == RouteKey.AnyMethod)
                    {
                        node.GreedyAny = route;
                    }
                    else
                    {
                        (node.GreedyMethods ??= new Dictionary<string, TRoute>(StringComparer.Ordinal))[key.Method] = route;
                    }

                    return;
                default:
                    throw new ArgumentOutOfRangeException(nameof(key), segment.Kind, "unknown segment kind");
            }
        }

        if (key.Method == RouteKey.AnyMethod)
        {
            node.Any = route;
        }
        else
        {
            (node.Methods ??= new Dictionary<string, TRoute>(StringComparer.Ordinal))[key.Method] = route;
        }
    }

    /// <summary>Finds the route for a method and the decoded path segments (no trailing empty segment), or null.</summary>
    public TRoute? Match(string method, ReadOnlySpan<string> segments) =>
        MatchExact(_root, method, segments) ?? MatchGreedy(_root, method, segments) ?? _defaultRoute;

    private static TRoute? MatchExact(Node node, string method, ReadOnlySpan<string> segments)
    {
        if (segments.IsEmpty)
        {
            return node.Methods?.GetValueOrDefault(method) ?? node.Any;
        }

        if (node.Literals is not null && node.Literals.TryGetValue(segments[0], out var literal) &&
            MatchExact(literal, method, segments[1..]) is { } found)
        {
            return found;
        }

        return node.Variable is not null && segments[0].Length > 0 ? MatchExact(node.Variable, method, segments[1..]) : null;
    }

    private static TRoute? MatchGreedy(Node node, string method, ReadOnlySpan<string> segments)
    {
        if (segments.IsEmpty)
        {
            // A greedy variable needs at least one segment: ANY /{proxy+} does not match "/".
            return null;
        }

        if (node.Literals is not null && node.Literals.TryGetValue(segments[0], out var literal) &&
            MatchGreedy(literal, method, segments[1..]) is { } deeper)
        {
            return deeper;
        }

        if (node.Variable is not null && segments[0].Length > 0 && MatchGreedy(node.Variable, method, segments[1..]) is { } viaVariable)
        {
            return viaVariable;
        }

        return node.GreedyMethods?.GetValueOrDefault(method) ?? node.GreedyAny;
    }

    private sealed class Node
    {
        public Dictionary<string, Node>? Literals;
        public Node? Variable;
        public Dictionary<string, TRoute>? Methods;
        public TRoute? Any;
        public Dictionary<string, TRoute>? GreedyMethods;
        public TRoute? GreedyAny;
    }
}
