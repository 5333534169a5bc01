using Gatehouse.ControlPlane;
using Gatehouse.ControlPlane.Protocols;

namespace Gatehouse.UnitTests.ControlPlane;

public sealed class ControlPlaneThrottleTests
{
    [Fact]
    public void Acquire_BeyondTheBurst_IsTooManyRequestsWithRetryAfter()
    {
        using var throttle = new ControlPlaneThrottle(requestsPerSecond: 0.5, burst: 3);
        throttle.Acquire();
        throttle.Acquire();
        throttle.Acquire();

        var error = Assert.Throws<AwsException>(throttle.Acquire);

        Assert.Equal(429, error.StatusCode);
        Assert.Equal("TooManyRequestsException", error.ErrorType);
        Assert.NotNull(error.RetryAfterSeconds);
    }

    [Fact]
    public void Acquire_RateZero_NeverThrottles()
    {
        using var throttle = new ControlPlaneThrottle(requestsPerSecond: 0, burst: 0);
        for (var i = 0; i < 10_000; i++)
        {
            throttle.Acquire();
        }
    }
}
