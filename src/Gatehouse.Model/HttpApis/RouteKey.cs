namespace Gatehouse.Model.HttpApis;

public enum SegmentKind
{
    Literal,
    Variable,
    Greedy,
}

/// <summary>One segment of a route path: a literal, a <c>{name}</c> variable, or a greedy <c>{name+}</c> variable.</summary>
public readonly record struct RouteSegment(SegmentKind Kind, string Value);

/// <summary>An HTTP API route key, <c>$default</c> or <c>METHOD /path</c>, parsed and validated.</summary>
public sealed record RouteKey
{
    public const string DefaultKey = "$default";
    public const string AnyMethod = "ANY";

    private static readonly string[] Methods = ["ANY", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

    private RouteKey(string text, string method, string path, IReadOnlyList<RouteSegment> segments)
    {
        Text = text;
        Method = method;
        Path = path;
        Segments = segments;
    }

    public string Text { get; }

    /// <summary>The HTTP method, <c>ANY</c>, or empty for <c>$default</c>.</summary>
    public string Method { get; }

    public string Path { get; }

    public IReadOnlyList<RouteSegment> Segments { get; }

    public bool IsDefault => Text == DefaultKey;

    public bool IsGreedy => Segments.Count > 0 && Segments[^1].Kind == SegmentKind.Greedy;

    public static RouteKey Parse(string text) =>
        TryParse(text, out var key, out var error) ? key : throw new FormatException(error);

    /// <summary>Parses a route key; on failure <paramref name="error"/> says what is wrong, in AWS's manner.</summary>
    public static bool TryParse(string? text, out RouteKey key, out string error)
    {
        key = null!;
        error = "";
        if (string.IsNullOrEmpty(text))
        {
            error = "RouteKey must not be empty";
            return false;
        }

        if (text == DefaultKey)
        {
            key = new RouteKey(text, "", "", []);
            return true;
        }

        var space = text.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || space != text.LastIndexOf(' '))
        {
            error = $"Invalid route key '{text}'. A route key must be '$default' or an HTTP method and a resource path separated by one space, for example 'GET /pets/{{petId}}'";
            return false;
        }

        var method = text[..space];
        var path = text[(space + 1)..];
        if (!Methods.Contains(method, StringComparer.Ordinal))
        {
            error = $"Invalid HTTP method '{method}' in route key '{text}'. Must be one of: [{string.Join(", ", Methods)}]";
            return false;
        }

        if (!path.StartsWith('/'))
        {
            error = $"Invalid resource path '{path}' in route key '{text}'. A resource path must start with '/'";
            return false;
        }

        var segments = new List<RouteSegment>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var parts = path.Length == 1 ? [] : path[1..].Split('/');
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part.Length == 0)
            {
                error = $"Invalid resource path '{path}' in route key '{text}'. Path segments must not be empty";
                return false;
            }

            if (part.StartsWith('{') && part.EndsWith('}'))
            {
                var greedy = part.EndsWith("+}", StringComparison.Ordinal);
                var name = part[1..^(greedy ? 2 : 1)];
                if (name.Length == 0 || !name.All(IsVariableChar))
                {
                    error = $"Invalid path variable '{part}' in route key '{text}'. Variable names may contain only letters, digits, '-', '_' and '.'";
                    return false;
                }

                if (greedy && i != parts.Length - 1)
                {
                    error = $"Invalid route key '{text}'. A greedy path variable {{{name}+}} must be the last segment of the path";
                    return false;
                }

                if (!names.Add(name))
                {
                    error = $"Invalid route key '{text}'. Path variable '{name}' is used more than once";
                    return false;
                }

                segments.Add(new RouteSegment(greedy ? SegmentKind.Greedy : SegmentKind.Variable, name));
            }
            else if (part.Contains('{') || part.Contains('}'))
            {
                error = $"Invalid resource path '{path}' in route key '{text}'. A path variable must be a whole segment, like {{name}}";
                return false;
            }
            else
            {
                segments.Add(new RouteSegment(SegmentKind.Literal, part));
            }
        }

        key = new RouteKey(text, method, path, segments);
        return true;
    }

    private static bool IsVariableChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';
}
