namespace Gatehouse.Observability.Metrics;

/// <summary>
/// The samples of one thing that is measured (a route on a stage, a function's alias...), minute by minute. Created up
/// front (when a deployment is compiled, when a function changes) so that recording only finds it by reference.
/// <para>
/// Two slots take turns: the current minute's and the next one's. A writer enters the slot of the minute it reads
/// from the clock by incrementing the slot's writer count, then checks that the slot still collects that minute; the
/// aggregator closes a slot by marking it closed, then waits until its writers have left. Both steps are full fences,
/// so a sample either lands before the close or sees it and moves to the next minute: no lock, no lost sample.
/// A writer finds no slot only when the aggregator is more than a minute late (or the clock jumped); that sample
/// is counted in <see cref="Dropped"/>.
/// </para>
/// </summary>
public sealed class MetricSeries
{
    private const long Closed = long.MinValue;

    private readonly TimeProvider _time;
    private readonly Slot[] _slots;
    private SeriesMetric[] _metrics;
    private long _dropped;

    internal MetricSeries(string name, IReadOnlyList<SeriesMetric> metrics, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        Name = name;
        _time = time;
        _metrics = [.. metrics];
        var minute = MinuteOf(time.GetUtcNow());
        var kinds = _metrics.Select(m => m.Kind).ToArray();
        _slots = new Slot[2];
        _slots[minute & 1] = new Slot(minute, kinds);
        _slots[(minute + 1) & 1] = new Slot(minute + 1, kinds);
    }

    /// <summary>The series' name in its recorder (its owner and what it measures).</summary>
    public string Name { get; }

    /// <summary>Samples that found no open minute (the aggregator was more than a minute late).</summary>
    public long Dropped => Volatile.Read(ref _dropped);

    /// <summary>What the series measures and where its samples count; replaced whole (e.g. when detailed metrics are turned on).</summary>
    public IReadOnlyList<SeriesMetric> Metrics => Volatile.Read(ref _metrics);

    /// <summary>Set when its owner no longer uses it; removed once it has been idle long enough for late writers.</summary>
    internal bool Retired { get; set; }

    /// <summary>Closed minutes in a row without a sample.</summary>
    internal int IdleMinutes { get; set; }

    /// <summary>
    /// Opens the current minute's slot for writing; record the request's samples through the writer, then dispose it.
    /// Allocates nothing.
    /// </summary>
    public SeriesWriter Begin()
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var minute = MinuteOf(_time.GetUtcNow());
            var slot = _slots[minute & 1];
            Interlocked.Increment(ref slot.Writers);
            if (Volatile.Read(ref slot.Minute) == minute)
            {
                return new SeriesWriter(slot.Metrics, slot);
            }

            Interlocked.Decrement(ref slot.Writers);
            if (Volatile.Read(ref slot.Minute) != Closed)
            {
                break; // the slot still holds an older minute: the aggregator is behind
            }
        }

        Interlocked.Increment(ref _dropped);
        return default;
    }

    /// <summary>Replaces where the metrics count (same metrics, same kinds, in the same order).</summary>
    internal void SetMetrics(IReadOnlyList<SeriesMetric> metrics)
    {
        var current = Volatile.Read(ref _metrics);
        if (metrics.Count != current.Length || metrics.Where((m, i) => m.Kind != current[i].Kind).Any())
        {
            throw new ArgumentException($"series {Name} is recorded with other metrics", nameof(metrics));
        }

        Volatile.Write(ref _metrics, [.. metrics]);
    }

    /// <summary>
    /// Closes the slot of <paramref name="minute"/> when it collects that minute: no writer can enter it any more, and
    /// the call returns once those inside have left. The caller reads <see cref="SlotMetrics"/>, then calls
    /// <see cref="Reopen"/>. Only the aggregator calls it, from one thread at a time.
    /// </summary>
    internal bool TryClose(long minute)
    {
        var slot = _slots[minute & 1];
        if (Volatile.Read(ref slot.Minute) != minute)
        {
            return false;
        }

        Interlocked.Exchange(ref slot.Minute, Closed);
        var spin = new SpinWait();
        while (Volatile.Read(ref slot.Writers) != 0)
        {
            spin.SpinOnce();
        }

        return true;
    }

    /// <summary>The accumulators of a closed slot (by its minute), to be read before <see cref="Reopen"/>.</summary>
    internal MetricAccumulator[] SlotMetrics(long minute) => _slots[minute & 1].Metrics;

    /// <summary>Empties the closed slot of <paramref name="closedMinute"/> and opens it for <paramref name="nextMinute"/>.</summary>
    internal void Reopen(long closedMinute, long nextMinute)
    {
        var slot = _slots[closedMinute & 1];
        foreach (var metric in slot.Metrics)
        {
            metric.Reset();
        }

        Volatile.Write(ref slot.Minute, nextMinute);
    }

    /// <summary>The minute a slot of this series collects now, or null when it is closed.</summary>
    internal long? OpenMinute(int slot) => Volatile.Read(ref _slots[slot].Minute) is var minute && minute != Closed ? minute : null;

    /// <summary>Minutes since the Unix epoch: the one-minute periods of CloudWatch's datapoints.</summary>
    public static long MinuteOf(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 60_000;

    /// <summary>Where a minute starts.</summary>
    public static DateTimeOffset StartOf(long minute) => DateTimeOffset.FromUnixTimeMilliseconds(minute * 60_000);

    internal sealed class Slot(long minute, MetricKind[] kinds)
    {
        public long Minute = minute;
        public int Writers;
        public readonly MetricAccumulator[] Metrics = [.. kinds.Select(k => new MetricAccumulator(k))];
    }
}
