using Gatehouse.ControlPlane.CloudWatch;

namespace Gatehouse.UnitTests.ControlPlane.CloudWatch;

public sealed class MetricMathTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static MetricMath.Series Series(params double[] values) =>
        new(new SortedDictionary<DateTimeOffset, double>(values.Select((v, i) => (v, i)).ToDictionary(p => T0.AddMinutes(p.i), p => p.v)));

    private static readonly Dictionary<string, MetricMath.Value> Ids = new()
    {
        ["m1"] = Series(1, 2, 3),
        ["m2"] = Series(10, 20, 0),
    };

    private static MetricMath.Value Evaluate(string expression) =>
        MetricMath.Evaluate(expression, id => Ids.GetValueOrDefault(id), () => [(MetricMath.Series)Ids["m1"], (MetricMath.Series)Ids["m2"]]);

    private static double[] Values(MetricMath.Value value) => [.. Assert.IsType<MetricMath.Series>(value).Points.Values];

    [Fact]
    public void Evaluate_Arithmetic_FollowsPrecedence() => Assert.Equal([21.0, 42.0, 3.0], Values(Evaluate("m1 + m2 * 2")));

    [Fact]
    public void Evaluate_Parentheses_Group() => Assert.Equal([22.0, 44.0, 6.0], Values(Evaluate("(m1 + m2) * 2")));

    [Fact]
    public void Evaluate_Scalars_Fold() => Assert.Equal(7.0, Assert.IsType<MetricMath.Scalar>(Evaluate("1 + 2 * 3")).Number);

    [Fact]
    public void Evaluate_PowerAndUnaryMinus() => Assert.Equal([-1.0, -4.0, -9.0], Values(Evaluate("-m1 ^ 2")));

    [Fact]
    public void Evaluate_DivisionByZero_LeavesNoValue()
    {
        var result = Assert.IsType<MetricMath.Series>(Evaluate("m1 / m2"));
        Assert.Equal([T0, T0.AddMinutes(1)], result.Points.Keys);
        Assert.Equal([0.1, 0.1], result.Points.Values);
    }

    [Fact]
    public void Evaluate_SumOfArray_AddsPerTimestamp() => Assert.Equal([11.0, 22.0, 3.0], Values(Evaluate("SUM([m1, m2])")));

    [Fact]
    public void Evaluate_FunctionsOfMetrics_AggregatePerTimestamp()
    {
        Assert.Equal([10.0, 20.0, 3.0], Values(Evaluate("MAX(METRICS())")));
        Assert.Equal([1.0, 2.0, 0.0], Values(Evaluate("MIN(METRICS())")));
        Assert.Equal([5.5, 11.0, 1.5], Values(Evaluate("AVG(METRICS())")));
    }

    [Fact]
    public void Evaluate_AggregateOfOneSeries_IsScalar()
    {
        Assert.Equal(6.0, Assert.IsType<MetricMath.Scalar>(Evaluate("SUM(m1)")).Number);
        Assert.Equal(2.0, Assert.IsType<MetricMath.Scalar>(Evaluate("AVG(m1)")).Number);
        Assert.Equal([-1.0, 0.0, 1.0], Values(Evaluate("m1 - AVG(m1)")));
    }

    [Fact]
    public void Evaluate_Abs() => Assert.Equal([1.0, 0.0, 1.0], Values(Evaluate("ABS(m1 - 2)")));

    [Theory]
    [InlineData("m9 + 1", "Unknown id 'm9'")]
    [InlineData("m1 +", "ends too early")]
    [InlineData("m1 $ 2", "Unexpected character '$'")]
    [InlineData("(m1 + 2", "Expected ')'")]
    [InlineData("RATE(m1)", "does not support the function RATE")]
    [InlineData("m1 m2", "Unexpected 'm2'")]
    public void Evaluate_BadExpression_SaysWhy(string expression, string message) =>
        Assert.Contains(message, Assert.Throws<MetricMath.MathException>(() => Evaluate(expression)).Message, StringComparison.Ordinal);

    [Fact]
    public void References_ListsIdsButNotFunctions() => Assert.Equal(["m1", "m2"], MetricMath.References("SUM([m1, m2]) / m1 + METRICS()"));
}
