using Gatehouse.Observability.Notifications;

namespace Gatehouse.UnitTests.Observability.Notifications;

public sealed class DeliveryPolicyTests
{
    [Fact]
    public void RetryDelays_Default_IsThreeRetriesTwentySecondsApart() =>
        Assert.Equal([TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(20)], DeliveryPolicy.Default.RetryDelays());

    [Fact]
    public void ToEffectiveJson_Default_IsWhatSnsReports() =>
        Assert.Equal(
            """{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":20,"maxDelayTarget":20,"numRetries":3,"numMaxDelayRetries":0,"numNoDelayRetries":0,"numMinDelayRetries":0,"backoffFunction":"linear"},"disableSubscriptionOverrides":false,"defaultRequestPolicy":{"headerContentType":"text/plain; charset=UTF-8"}}}""",
            DeliveryPolicy.Default.ToEffectiveJson());

    [Fact]
    public void RetryDelays_AllPhases_RunImmediateThenMinimumThenBackoffThenMaximum()
    {
        Assert.True(DeliveryPolicy.TryParse(
            """{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":2,"maxDelayTarget":10,"numRetries":8,"numNoDelayRetries":1,"numMinDelayRetries":2,"numMaxDelayRetries":1,"backoffFunction":"linear"}}}""",
            out var policy, out var error), error);
        Assert.Equal([0, 2, 2, 4, 6, 8, 10, 10], policy!.RetryDelays().Select(d => d.TotalSeconds));
    }

    [Theory]
    [InlineData("exponential")]
    [InlineData("geometric")]
    [InlineData("arithmetic")]
    public void RetryDelays_Backoff_GrowsFromMinimumToMaximum(string function)
    {
        Assert.True(DeliveryPolicy.TryParse(
            $$$$"""{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":1,"maxDelayTarget":60,"numRetries":10,"backoffFunction":"{{{{function}}}}"}}}""", out var policy, out _));
        var delays = policy!.RetryDelays().Select(d => d.TotalSeconds).ToList();
        Assert.Equal(10, delays.Count);
        Assert.Equal(60, delays[^1]);
        Assert.True(delays.Zip(delays.Skip(1)).All(pair => pair.First <= pair.Second), string.Join(", ", delays));
        Assert.True(delays[0] >= 1);
    }

    [Theory]
    [InlineData("not json", "DeliveryPolicy: the policy is not valid JSON")]
    [InlineData("[]", "DeliveryPolicy: the policy must be a JSON object")]
    [InlineData("""{"sqs":{}}""", "DeliveryPolicy: Gatehouse supports delivery policies for http only, not 'sqs'")]
    [InlineData("""{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":0}}}""", "DeliveryPolicy: minDelayTarget must be at least 1")]
    [InlineData("""{"http":{"defaultHealthyRetryPolicy":{"numRetries":101}}}""", "DeliveryPolicy: numRetries must be between 0 and 100")]
    [InlineData("""{"http":{"defaultHealthyRetryPolicy":{"numRetries":2,"numNoDelayRetries":3}}}""", "DeliveryPolicy: numNoDelayRetries + numMinDelayRetries + numMaxDelayRetries must not exceed numRetries")]
    [InlineData("""{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":100,"maxDelayTarget":100,"numRetries":40}}}""", "DeliveryPolicy: the total retry time must not exceed 3600 seconds")]
    [InlineData("""{"http":{"defaultHealthyRetryPolicy":{"backoffFunction":"cubic"}}}""", "DeliveryPolicy: backoffFunction must be one of: arithmetic, exponential, geometric, linear")]
    [InlineData("""{"http":{"defaultThrottlePolicy":{"maxReceivesPerSecond":1}}}""", "DeliveryPolicy: Gatehouse does not support http.defaultThrottlePolicy yet")]
    [InlineData("""{"http":{"defaultRequestPolicy":{"headerContentType":"image/png"}}}""", "DeliveryPolicy: http.defaultRequestPolicy.headerContentType must be one of")]
    public void TryParse_InvalidPolicy_SaysWhy(string json, string expected)
    {
        Assert.False(DeliveryPolicy.TryParse(json, out var policy, out var error));
        Assert.Null(policy);
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_ContentType_IsHonoured()
    {
        Assert.True(DeliveryPolicy.TryParse("""{"http":{"defaultRequestPolicy":{"headerContentType":"application/json"},"disableSubscriptionOverrides":true}}""", out var policy, out _));
        Assert.Equal("application/json", policy!.HeaderContentType);
        Assert.Contains("\"headerContentType\":\"application/json\"", policy.ToEffectiveJson(), StringComparison.Ordinal);
    }
}
