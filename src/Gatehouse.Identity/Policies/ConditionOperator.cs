namespace Gatehouse.Identity.Policies;

/// <summary>The condition operators Gatehouse evaluates; any other IAM operator is refused when a policy is put.</summary>
public enum ConditionOperator
{
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    IpAddress,
    NotIpAddress,
    Bool,
}

internal static class ConditionOperators
{
    private const string IfExists = "IfExists";

    // IAM's other operators: valid policies that Gatehouse cannot evaluate yet, so it says so instead of ignoring them.
    private static readonly HashSet<string> UnsupportedIamOperators = new(StringComparer.Ordinal)
    {
        "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals",
        "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals",
        "BinaryEquals", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null",
    };

    /// <summary>Parses <c>StringEquals</c>, <c>StringLikeIfExists</c>, ...; an error message when it cannot.</summary>
    public static bool TryParse(string name, out ConditionOperator op, out bool ifExists, out string? error)
    {
        error = null;
        ifExists = false;
        var baseName = name;
        if (name.StartsWith("ForAnyValue:", StringComparison.Ordinal) || name.StartsWith("ForAllValues:", StringComparison.Ordinal))
        {
            op = default;
            error = $"Gatehouse does not support the condition set operator in {name} yet.";
            return false;
        }

        if (name.EndsWith(IfExists, StringComparison.Ordinal) && name.Length > IfExists.Length)
        {
            baseName = name[..^IfExists.Length];
            ifExists = true;
        }

        if (Enum.TryParse(baseName, ignoreCase: false, out op) && Enum.IsDefined(op) && !baseName.All(char.IsAsciiDigit))
        {
            return true;
        }

        error = UnsupportedIamOperators.Contains(baseName)
            ? $"Gatehouse does not support the condition operator {name} yet."
            : $"Invalid Condition type : {name}";
        return false;
    }

    public static bool IsNegated(ConditionOperator op) =>
        op is ConditionOperator.StringNotEquals or ConditionOperator.StringNotEqualsIgnoreCase or ConditionOperator.StringNotLike
            or ConditionOperator.NotIpAddress;
}
