using System.Text;

namespace Gatehouse.Observability.AccessLogs;

/// <summary>The values of one request's <c>$context</c> variables, as the data plane knows them.</summary>
public interface IAccessLogValues
{
    /// <summary>
    /// Appends the variable's value (with <paramref name="property"/> for <c>authorizer.{name}</c> and
    /// <c>authorizer.claims.{name}</c>); false, appending nothing, when the request has no value for it (logged as <c>-</c>).
    /// </summary>
    bool TryAppend(StringBuilder builder, ContextVariable variable, string? property);
}
