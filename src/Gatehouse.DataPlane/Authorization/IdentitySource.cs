using Gatehouse.Model.HttpApis;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.DataPlane.Authorization;

/// <summary>
/// One identity source of an HTTP API authorizer, read from a request: <c>$request.header.X</c> (case-insensitive),
/// <c>$request.querystring.X</c> (case-sensitive), <c>$context.X</c> or <c>$stageVariables.X</c>.
/// </summary>
public sealed class IdentitySource(IdentitySourceExpression expression)
{
    public IdentitySourceExpression Source { get; } = expression ?? throw new ArgumentNullException(nameof(expression));

    public string Expression => Source.Expression;

    public static IdentitySource Parse(string expression) =>
        IdentitySourceExpression.TryParse(expression, out var source, out var error) ? new IdentitySource(source) : throw new FormatException(error);

    /// <summary>The value in this request, or null when it is absent or empty (AWS then answers 401).</summary>
    public string? Evaluate(RequestContext context, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var name = Source.Name;
        var value = Source.Kind switch
        {
            IdentitySourceKind.Header => request.Headers.TryGetValue(name, out var header) ? header.ToString() : null,
            IdentitySourceKind.QueryString => request.Query.TryGetValue(name, out var query) ? query.ToString() : null,
            IdentitySourceKind.Context => context.Variable(name),
            IdentitySourceKind.StageVariable => context.Stage?.StageVariables.GetValueOrDefault(name),
            _ => null,
        };
        return string.IsNullOrEmpty(value) ? null : value;
    }
}
