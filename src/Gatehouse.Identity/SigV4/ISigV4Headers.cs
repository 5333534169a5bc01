namespace Gatehouse.Identity.SigV4;

/// <summary>
/// A request's headers as SigV4 reads them. Lookups ignore case. A header sent more than once is one value, its values
/// joined with <c>,</c> in the order they arrived (what ASP.NET's <c>StringValues.ToString()</c> gives). Null when
/// the header is absent.
/// </summary>
public interface ISigV4Headers
{
    /// <param name="name">A lower-case header name.</param>
    string? Get(string name);
}
