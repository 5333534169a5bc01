using System.Globalization;
using System.Text.RegularExpressions;

namespace Gatehouse.ControlPlane.Lambda;

/// <summary>
/// Collects every violation of the model's constraints in a request, then fails once with all of them, worded as
/// Lambda words them: <c>2 validation errors detected: Value '0' at 'timeout' failed to satisfy constraint: ...</c>.
/// </summary>
internal sealed class LambdaValidation
{
    private readonly List<string> _errors = [];

    public bool HasErrors => _errors.Count > 0;

    public void Add(string? value, string member, string constraint) =>
        _errors.Add($"Value {(value is null ? "null" : $"'{value}'")} at '{member}' failed to satisfy constraint: {constraint}");

    /// <summary>A violation by a member the model marks sensitive: Lambda does not repeat its value.</summary>
    public void AddSensitive(string member, string constraint) =>
        _errors.Add($"Value at '{member}' failed to satisfy constraint: {constraint}");

    public void NotNull(object? value, string member)
    {
        if (value is null)
        {
            Add(null, member, "Member must not be null");
        }
    }

    public void Range(int? value, string member, int min, int? max = null)
    {
        if (value is not { } v)
        {
            return;
        }

        var text = v.ToString(CultureInfo.InvariantCulture);
        if (v < min)
        {
            Add(text, member, $"Member must have value greater than or equal to {min}");
        }
        else if (max is { } m && v > m)
        {
            Add(text, member, $"Member must have value less than or equal to {m}");
        }
    }

    public void Length(string? value, string member, int min, int max)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length < min)
        {
            Add(value, member, $"Member must have length greater than or equal to {min}");
        }
        else if (value.Length > max)
        {
            Add(value, member, $"Member must have length less than or equal to {max}");
        }
    }

    /// <summary>Checks a whole-value match of <paramref name="pattern"/>, reporting the pattern as the model writes it.</summary>
    public void Pattern(string? value, string member, Regex pattern, string modelPattern)
    {
        if (value is not null && !pattern.IsMatch(value))
        {
            Add(value, member, $"Member must satisfy regular expression pattern: {modelPattern}");
        }
    }

    public void Enum(string? value, string member, IReadOnlyList<string> allowed)
    {
        if (value is not null && !allowed.Contains(value, StringComparer.Ordinal))
        {
            Add(value, member, $"Member must satisfy enum value set: [{string.Join(", ", allowed)}]");
        }
    }

    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
        {
            throw LambdaErrors.Validation(_errors);
        }
    }
}
