using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Gatehouse.Observability.Logs.Filtering;

/// <summary>A node of a compiled JSON pattern, evaluated on one parsed message.</summary>
internal abstract class JsonCondition
{
    public abstract bool Evaluate(JsonElement root, List<JsonElement> scratch);
}

internal sealed class AndCondition(JsonCondition left, JsonCondition right) : JsonCondition
{
    public override bool Evaluate(JsonElement root, List<JsonElement> scratch) => left.Evaluate(root, scratch) && right.Evaluate(root, scratch);
}

internal sealed class OrCondition(JsonCondition left, JsonCondition right) : JsonCondition
{
    public override bool Evaluate(JsonElement root, List<JsonElement> scratch) => left.Evaluate(root, scratch) || right.Evaluate(root, scratch);
}

internal enum ComparisonOperator
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

/// <summary>
/// <c>selector op value</c>: numeric comparisons hold for JSON numbers; <c>=</c> and <c>!=</c> with a string compare the
/// value's text (<c>*</c> is a wildcard) or match a <c>%regex%</c>. A selector that selects nothing matches no
/// comparison, <c>!=</c> included; with several selected values, one that satisfies it is enough.
/// </summary>
internal sealed class ComparisonCondition : JsonCondition
{
    private readonly JsonSelector _selector;
    private readonly ComparisonOperator _operator;
    private readonly double? _number;
    private readonly string[]? _wildcardParts;
    private readonly Regex? _regex;

    private ComparisonCondition(JsonSelector selector, ComparisonOperator op, double? number, string? text, Regex? regex)
    {
        _selector = selector;
        _operator = op;
        _number = number;
        _wildcardParts = text?.Split('*');
        _regex = regex;
    }

    public static ComparisonCondition Numeric(JsonSelector selector, ComparisonOperator op, double value) => new(selector, op, value, null, null);

    public static ComparisonCondition Text(JsonSelector selector, bool equal, string value) =>
        new(selector, equal ? ComparisonOperator.Equal : ComparisonOperator.NotEqual, null, value, null);

    public static ComparisonCondition Pattern(JsonSelector selector, bool equal, Regex regex) =>
        new(selector, equal ? ComparisonOperator.Equal : ComparisonOperator.NotEqual, null, null, regex);

    public override bool Evaluate(JsonElement root, List<JsonElement> scratch)
    {
        scratch.Clear();
        _selector.Select(root, scratch);
        foreach (var value in scratch)
        {
            if (Holds(value))
            {
                return true;
            }
        }

        return false;
    }

    private bool Holds(JsonElement value)
    {
        if (_number is { } number)
        {
            if (value.ValueKind != JsonValueKind.Number)
            {
                return false;
            }

            var actual = value.GetDouble();
            return _operator switch
            {
                ComparisonOperator.Equal => actual == number,
                ComparisonOperator.NotEqual => actual != number,
                ComparisonOperator.Less => actual < number,
                ComparisonOperator.LessOrEqual => actual <= number,
                ComparisonOperator.Greater => actual > number,
                _ => actual >= number,
            };
        }

        string? text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
        if (text is null)
        {
            return false;
        }

        var equal = _regex is not null ? _regex.IsMatch(text) : WildcardEquals(text, _wildcardParts!);
        return _operator == ComparisonOperator.Equal ? equal : !equal;
    }

    /// <summary>Whether <paramref name="text"/> equals the pattern whose <c>*</c>s split it into <paramref name="parts"/>.</summary>
    internal static bool WildcardEquals(string text, string[] parts)
    {
        if (parts.Length == 1)
        {
            return string.Equals(text, parts[0], StringComparison.Ordinal);
        }

        if (!text.StartsWith(parts[0], StringComparison.Ordinal) || !text.EndsWith(parts[^1], StringComparison.Ordinal) ||
            text.Length < parts[0].Length + parts[^1].Length)
        {
            return false;
        }

        var position = parts[0].Length;
        var end = text.Length - parts[^1].Length;
        for (var i = 1; i < parts.Length - 1; i++)
        {
            if (parts[i].Length == 0)
            {
                continue;
            }

            var found = text.IndexOf(parts[i], position, end - position, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            position = found + parts[i].Length;
        }

        return true;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{_selector.Text} {_operator}");
}

internal enum ValueTest
{
    IsNull,
    IsTrue,
    IsFalse,
    NotExists,
}

/// <summary><c>selector IS NULL</c>, <c>IS TRUE</c>, <c>IS FALSE</c>, <c>NOT EXISTS</c>.</summary>
internal sealed class ValueTestCondition(JsonSelector selector, ValueTest test) : JsonCondition
{
    public override bool Evaluate(JsonElement root, List<JsonElement> scratch)
    {
        scratch.Clear();
        selector.Select(root, scratch);
        if (test == ValueTest.NotExists)
        {
            return scratch.Count == 0;
        }

        var kind = test switch
        {
            ValueTest.IsNull => JsonValueKind.Null,
            ValueTest.IsTrue => JsonValueKind.True,
            _ => JsonValueKind.False,
        };
        foreach (var value in scratch)
        {
            if (value.ValueKind == kind)
            {
                return true;
            }
        }

        return false;
    }
}
