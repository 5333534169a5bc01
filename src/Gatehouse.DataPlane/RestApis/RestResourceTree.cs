using Gatehouse.Model.RestApis;

namespace Gatehouse.DataPlane.RestApis;

/// <summary>
/// A deployment's resources as a tree of path segments, built once; matching walks it without regular expressions.
/// Precedence as AWS (facts §3.2): a literal segment before a <c>{param}</c>, before a greedy <c>{proxy+}</c>, which
/// takes one segment or more (so <c>/{proxy+}</c> does not match <c>/</c>); the first full match wins, trying the
/// next kind of child when a more specific one leads nowhere.
/// </summary>
public sealed class RestResourceTree
{
    private readonly Node _root;

    private RestResourceTree(Node root) => _root = root;

    public static RestResourceTree Build(IReadOnlyList<RestResource> resources, Func<RestResource, CompiledRestResource> compile)
    {
        ArgumentNullException.ThrowIfNull(resources);
        ArgumentNullException.ThrowIfNull(compile);
        var byId = resources.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var nodes = new Dictionary<string, Node>(StringComparer.Ordinal);
        Node? root = null;

        Node NodeOf(RestResource resource, int depth)
        {
            if (nodes.TryGetValue(resource.Id, out var existing))
            {
                return existing;
            }

            if (depth > resources.Count)
            {
                throw new InvalidOperationException($"resource {resource.Id} is in a cycle");
            }

            var node = new Node(compile(resource));
            nodes[resource.Id] = node;
            if (resource.ParentId is not { } parentId)
            {
                root = root is null ? node : throw new InvalidOperationException("the API has two root resources");
                return node;
            }

            var parent = NodeOf(byId.GetValueOrDefault(parentId) ?? throw new InvalidOperationException($"resource {resource.Id} has no parent {parentId}"), depth + 1);
            var part = resource.PathPart ?? throw new InvalidOperationException($"resource {resource.Id} has no path part");
            if (resource.IsGreedy)
            {
                parent.Greedy = node;
                node.VariableName = part[1..^2];
            }
            else if (resource.IsVariable)
            {
                parent.Variable = node;
                node.VariableName = part[1..^1];
            }
            else
            {
                parent.Literals[part] = node;
            }

            return node;
        }

        foreach (var resource in resources)
        {
            NodeOf(resource, 0);
        }

        return new RestResourceTree(root ?? throw new InvalidOperationException("the API has no root resource"));
    }

    /// <summary>
    /// The resource for a path's segments (<paramref name="decoded"/> for literals, <paramref name="raw"/> for
    /// parameter values, which keep the client's percent-encoding as on AWS), with its path parameters; null when no
    /// resource matches.
    /// </summary>
    public CompiledRestResource? Match(string[] decoded, string[] raw, out IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        ArgumentNullException.ThrowIfNull(decoded);
        ArgumentNullException.ThrowIfNull(raw);
        var captured = new List<KeyValuePair<string, string>>();
        var node = Match(_root, 0, decoded, raw, captured);
        parameters = node is null || captured.Count == 0 ? [] : captured;
        return node?.Resource;
    }

    private static Node? Match(Node node, int index, string[] decoded, string[] raw, List<KeyValuePair<string, string>> captured)
    {
        if (index == decoded.Length)
        {
            return node;
        }

        if (node.Literals.TryGetValue(decoded[index], out var literal) && Match(literal, index + 1, decoded, raw, captured) is { } found)
        {
            return found;
        }

        if (node.Variable is { } variable && decoded[index].Length > 0)
        {
            captured.Add(new(variable.VariableName!, raw[index]));
            if (Match(variable, index + 1, decoded, raw, captured) is { } deeper)
            {
                return deeper;
            }

            captured.RemoveAt(captured.Count - 1);
        }

        if (node.Greedy is { } greedy)
        {
            captured.Add(new(greedy.VariableName!, string.Join('/', raw, index, raw.Length - index)));
            return greedy;
        }

        return null;
    }

    private sealed class Node(CompiledRestResource resource)
    {
        public CompiledRestResource Resource { get; } = resource;
        public Dictionary<string, Node> Literals { get; } = new(StringComparer.Ordinal);
        public Node? Variable { get; set; }
        public Node? Greedy { get; set; }
        public string? VariableName { get; set; }
    }
}

/// <summary>A resource and its methods by verb (and <c>ANY</c>).</summary>
public sealed class CompiledRestResource(string id, string path, IReadOnlyDictionary<string, CompiledRestMethod> methods)
{
    public string Id { get; } = id;
    public string Path { get; } = path;
    public IReadOnlyDictionary<string, CompiledRestMethod> Methods { get; } = methods;

    /// <summary>The method for a verb: its own, else <c>ANY</c> (HEAD is not GET: facts §3.2); null when neither is defined.</summary>
    public CompiledRestMethod? MethodFor(string verb) => Methods.GetValueOrDefault(verb) ?? Methods.GetValueOrDefault("ANY");
}
