using System.Text;
using Gatehouse.Model.HttpApis;

namespace Gatehouse.DataPlane.RestApis.Mapping;

/// <summary>
/// An HTTP integration's URI: <c>${stageVariables.x}</c> replaced by the stage's variables, <c>{x}</c> by the
/// integration request's path parameter <c>x</c> (from <c>integration.request.path.x</c> or the template's
/// <c>$context.requestOverride.path.x</c>), percent-encoded segment by segment so that a greedy value keeps its
/// slashes; then the mapped query string appended.
/// </summary>
public sealed class IntegrationUriTemplate(string template)
{
    public string Template { get; } = template ?? throw new ArgumentNullException(nameof(template));

    /// <summary>The URL to call, or null when the result is not an absolute http(s) URL.</summary>
    public Uri? Resolve(IReadOnlyDictionary<string, string> stageVariables, MappedRequestParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(stageVariables);
        ArgumentNullException.ThrowIfNull(parameters);
        var text = LambdaFunctionUri.SubstituteStageVariables(Template, stageVariables);
        var sb = new StringBuilder(text.Length + 32);
        var position = 0;
        while (position < text.Length)
        {
            var open = text.IndexOf('{', position);
            var close = open < 0 ? -1 : text.IndexOf('}', open + 1);
            if (close < 0)
            {
                sb.Append(text, position, text.Length - position);
                break;
            }

            sb.Append(text, position, open - position);
            var name = text[(open + 1)..close];
            if (name.EndsWith('+'))
            {
                name = name[..^1];
            }

            if (parameters.Path.TryGetValue(name, out var value))
            {
                sb.Append(string.Join('/', value.Split('/').Select(Uri.EscapeDataString)));
            }

            position = close + 1;
        }

        if (parameters.QueryString.Count > 0)
        {
            var hasQuery = sb.ToString().Contains('?', StringComparison.Ordinal);
            foreach (var (name, value) in parameters.QueryString)
            {
                sb.Append(hasQuery ? '&' : '?').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
                hasQuery = true;
            }
        }

        return Uri.TryCreate(sb.ToString(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : null;
    }
}
