using Gatehouse.Templates.Parsing;

namespace Gatehouse.Templates;

/// <summary>
/// Velocity 1.7's arithmetic: integers stay integers (division truncates), a float on either side makes a float,
/// and division or modulo by zero is null (Velocity logs it and the reference stays undefined).
/// </summary>
internal static class Arithmetic
{
    public static object? Apply(BinaryOperator op, object left, object right)
    {
        if (left is long a && right is long b)
        {
            switch (op)
            {
                case BinaryOperator.Add:
                    var sum = unchecked(a + b);
                    return ((a ^ sum) & (b ^ sum)) < 0 ? (object)((double)a + b) : sum;
                case BinaryOperator.Subtract:
                    var difference = unchecked(a - b);
                    return ((a ^ b) & (a ^ difference)) < 0 ? (object)((double)a - b) : difference;
                case BinaryOperator.Multiply:
                    return Math.BigMul(a, b, out var low) is var high && (high != 0 || low < 0) && (high != -1 || low >= 0)
                        ? (object)((double)a * b)
                        : a * b;
                case BinaryOperator.Divide:
                    return b == 0 ? null : a == long.MinValue && b == -1 ? (object)((double)a / b) : a / b;
                case BinaryOperator.Modulo:
                    return b == 0 ? null : b == -1 ? (object)0L : a % b;
            }
        }

        var x = TemplateValues.ToDouble(left);
        var y = TemplateValues.ToDouble(right);
        return op switch
        {
            BinaryOperator.Add => x + y,
            BinaryOperator.Subtract => x - y,
            BinaryOperator.Multiply => x * y,
            BinaryOperator.Divide => y == 0 ? null : x / y,
            BinaryOperator.Modulo => y == 0 ? null : x % y,
            _ => null,
        };
    }

    public static int Compare(object left, object right) =>
        left is long a && right is long b ? a.CompareTo(b) : TemplateValues.ToDouble(left).CompareTo(TemplateValues.ToDouble(right));
}
