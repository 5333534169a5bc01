using System.Globalization;
using System.Text.RegularExpressions;

namespace Gatehouse.ControlPlane.Protocols;

/// <summary>
/// Collects every constraint a request breaks and reports them together, worded as AWS's query services do:
/// <c>2 validation errors detected: Value 'a b' at 'userName' failed to satisfy constraint: Member must satisfy regular
/// expression pattern: [\w+=,.@-]+; Value …</c> (code <c>ValidationError</c>, status 400).
/// </summary>
public sealed class QueryValidator
{
    private readonly List<string> _errors = [];

    public bool HasErrors => _errors.Count > 0;

    /// <summary>A required member: present, within its length bounds and matching its pattern. Returns it when valid.</summary>
    public string? Required(string member, string? value, int minLength, int maxLength, Regex? pattern = null, string? patternText = null)
    {
        if (value is null)
        {
            _errors.Add($"Value null at '{member}' failed to satisfy constraint: Member must not be null");
            return null;
        }

        return Optional(member, value, minLength, maxLength, pattern, patternText);
    }

    /// <summary>An optional member: when present, within its length bounds and matching its pattern.</summary>
    public string? Optional(string member, string? value, int minLength, int maxLength, Regex? pattern = null, string? patternText = null)
    {
        if (value is null)
        {
            return null;
        }

        var before = _errors.Count;
        if (value.Length < minLength)
        {
            Fail(member, value, $"Member must have length greater than or equal to {minLength}");
        }

        if (value.Length > maxLength)
        {
            Fail(member, value, $"Member must have length less than or equal to {maxLength}");
        }

        if (pattern is not null && value.Length > 0 && !pattern.IsMatch(value))
        {
            Fail(member, value, $"Member must satisfy regular expression pattern: {patternText ?? pattern.ToString()}");
        }

        return _errors.Count == before ? value : null;
    }

    /// <summary>One of an enumeration's values, when present.</summary>
    public string? OneOf(string member, string? value, IReadOnlyList<string> allowed, bool required)
    {
        if (value is null)
        {
            return required ? Required(member, value, 0, int.MaxValue) : null;
        }

        if (!allowed.Contains(value))
        {
            Fail(member, value, $"Member must satisfy enum value set: [{string.Join(", ", allowed)}]");
            return null;
        }

        return value;
    }

    /// <summary>An optional integer within bounds.</summary>
    public int? Number(string member, string? value, int min, int max)
    {
        if (value is null)
        {
            return null;
        }

        if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            Fail(member, value, "Member must be a number");
            return null;
        }

        if (number < min)
        {
            Fail(member, value, $"Member must have value greater than or equal to {min}");
            return null;
        }

        if (number > max)
        {
            Fail(member, value, $"Member must have value less than or equal to {max}");
            return null;
        }

        return number;
    }

    public void Fail(string member, string? value, string constraint) =>
        _errors.Add($"Value {(value is null ? "null" : $"'{value}'")} at '{member}' failed to satisfy constraint: {constraint}");

    /// <summary>Throws the collected errors as one <c>ValidationError</c>, if there are any.</summary>
    public void ThrowIfInvalid()
    {
        if (_errors.Count > 0)
        {
            var count = _errors.Count == 1 ? "1 validation error" : $"{_errors.Count} validation errors";
            throw new AwsException(400, "ValidationError", $"{count} detected: {string.Join("; ", _errors)}");
        }
    }
}
