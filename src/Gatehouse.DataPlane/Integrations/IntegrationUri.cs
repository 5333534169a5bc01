using System.Text;

namespace Gatehouse.DataPlane.Integrations;

/// <summary>
/// An integration URI parsed once into literal text, <c>{pathVariable}</c>s and <c>${stageVariables.name}</c>s, and
/// rendered per request.
/// </summary>
public sealed class IntegrationUri
{
    private readonly Part[] _parts;

    public IntegrationUri(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        Template = template;
        var parts = new List<Part>();
        var literal = new StringBuilder();
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] == '$' && template.AsSpan(i).StartsWith("${stageVariables.") && template.IndexOf('}', i) is var end and > 0)
            {
                Flush();
                parts.Add(new Part(PartKind.StageVariable, template[(i + "${stageVariables.".Length)..end]));
                i = end;
            }
            else if (template[i] == '{' && template.IndexOf('}', i) is var close and > 0 && close > i + 1)
            {
                Flush();
                parts.Add(new Part(PartKind.PathVariable, template[(i + 1)..close].TrimEnd('+')));
                i = close;
            }
            else
            {
                literal.Append(template[i]);
            }
        }

        Flush();
        _parts = [.. parts];
        IsLiteral = _parts.All(p => p.Kind == PartKind.Literal);

        void Flush()
        {
            if (literal.Length > 0)
            {
                parts.Add(new Part(PartKind.Literal, literal.ToString()));
                literal.Clear();
            }
        }
    }

    public string Template { get; }

    public bool IsLiteral { get; }

    /// <summary>
    /// Renders the URI for a request. A path variable takes the route's parameter of that name (escaped; a greedy
    /// value keeps its slashes). A <c>{proxy}</c> that the route does not define takes the request path below the
    /// stage, so <c>http://backend/{proxy}</c> forwards any route's path; any other unknown variable is empty.
    /// </summary>
    public string Render(RequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (IsLiteral)
        {
            return Template;
        }

        var builder = new StringBuilder(Template.Length + 32);
        foreach (var part in _parts)
        {
            switch (part.Kind)
            {
                case PartKind.Literal:
                    builder.Append(part.Value);
                    break;
                case PartKind.StageVariable:
                    builder.Append(context.Stage?.StageVariables.GetValueOrDefault(part.Value));
                    break;
                case PartKind.PathVariable:
                    var segments = context.PathSegments;
                    if (context.Route?.TryFindVariable(part.Value, segments, out var index, out var greedy) == true)
                    {
                        // A greedy value keeps its slashes; a single segment keeps an encoded '/' encoded.
                        AppendEscapedSegments(builder, segments, index, greedy ? segments.Length - index : 1);
                    }
                    else if (part.Value == "proxy")
                    {
                        AppendEscapedSegments(builder, segments, 0, segments.Length);
                    }

                    break;
                default:
                    throw new InvalidOperationException("unknown part");
            }
        }

        return builder.ToString();
    }

    private static void AppendEscapedSegments(StringBuilder builder, string[] segments, int start, int count)
    {
        for (var i = start; i < start + count; i++)
        {
            if (i > start)
            {
                builder.Append('/');
            }

            builder.Append(Uri.EscapeDataString(segments[i]));
        }
    }

    private enum PartKind
    {
        Literal,
        PathVariable,
        StageVariable,
    }

    private readonly record struct Part(PartKind Kind, string Value);
}
