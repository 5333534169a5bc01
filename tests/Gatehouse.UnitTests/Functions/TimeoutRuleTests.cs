using System.Diagnostics;
using Gatehouse.Functions.Workers;

namespace Gatehouse.UnitTests.Functions;

public sealed class TimeoutRuleTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Init = TimeSpan.FromSeconds(10);

    private static long Ticks(double seconds) => (long)(seconds * Stopwatch.Frequency);

    [Fact]
    public void HasTimedOut_DeliveredWithinTheTimeout_IsFalse() =>
        Assert.False(WorkerManager.HasTimedOut(Ticks(100), Ticks(100), true, Timeout, Init, Ticks(102.9)));

    [Fact]
    public void HasTimedOut_DeliveredPastTheTimeout_IsTrue() =>
        Assert.True(WorkerManager.HasTimedOut(Ticks(100), Ticks(100), true, Timeout, Init, Ticks(103.1)));

    [Fact]
    public void HasTimedOut_WarmWorkerJustAssigned_IsFalseHoweverOldTheWorker() =>
        Assert.False(WorkerManager.HasTimedOut(Ticks(5000), 0, true, Timeout, Init, Ticks(5000.01)));

    [Fact]
    public void HasTimedOut_NewWorkerStillInitialising_GetsTheInitPhaseFirst()
    {
        Assert.False(WorkerManager.HasTimedOut(Ticks(100), 0, false, Timeout, Init, Ticks(112)));
        Assert.True(WorkerManager.HasTimedOut(Ticks(100), 0, false, Timeout, Init, Ticks(113.1)));
    }
}
