namespace Gatehouse.Observability.Metrics;

/// <summary>
/// Every <see cref="MetricSeries"/> of the process, by owner (an API, a function). Owners get their series when they
/// are compiled or changed, never per request: a series with the same name is handed back (so its minute survives a
/// redeployment), and series an owner stops using retire and are dropped once idle for
/// <see cref="RetiredIdleMinutes"/> minutes (requests and invocations still running on an old configuration land first).
/// </summary>
public sealed class MetricRecorder(TimeProvider time)
{
    /// <summary>Longer than Lambda's longest invocation (15 minutes), which records when it ends.</summary>
    public const int RetiredIdleMinutes = 16;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, MetricSeries> _series = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _owners = new(StringComparer.Ordinal);
    private MetricSeries[] _all = [];

    public TimeProvider Time { get; } = time ?? throw new ArgumentNullException(nameof(time));

    /// <summary>Series alive now (in use or retiring).</summary>
    public int Count => Volatile.Read(ref _all).Length;

    /// <summary>Samples dropped because no minute was open (see <see cref="MetricSeries.Dropped"/>).</summary>
    public long Dropped => Volatile.Read(ref _all).Sum(s => s.Dropped);

    /// <summary>
    /// The owner's series named <paramref name="name"/>, created on first use; <paramref name="metrics"/> replaces where
    /// its samples count (the metrics themselves must stay the same).
    /// </summary>
    public MetricSeries GetOrAdd(string owner, string name, IReadOnlyList<SeriesMetric> metrics)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(metrics);
        var fullName = owner + "\n" + name;
        lock (_gate)
        {
            if (_series.TryGetValue(fullName, out var series))
            {
                series.SetMetrics(metrics);
                series.Retired = false;
                return series;
            }

            series = new MetricSeries(fullName, metrics, Time);
            _series[fullName] = series;
            if (!_owners.TryGetValue(owner, out var names))
            {
                _owners[owner] = names = new HashSet<string>(StringComparer.Ordinal);
            }

            names.Add(fullName);
            Volatile.Write(ref _all, [.. _series.Values]);
            return series;
        }
    }

    /// <summary>The owner now uses only <paramref name="live"/>; its other series retire.</summary>
    public void Retain(string owner, IEnumerable<MetricSeries> live)
    {
        ArgumentNullException.ThrowIfNull(live);
        var keep = live.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        lock (_gate)
        {
            foreach (var name in _owners.GetValueOrDefault(owner) ?? [])
            {
                var series = _series[name];
                series.Retired = !keep.Contains(name);
            }
        }
    }

    internal MetricSeries[] All => Volatile.Read(ref _all);

    /// <summary>Drops retired series that have been idle long enough.</summary>
    internal void Sweep()
    {
        lock (_gate)
        {
            var gone = _series.Values.Where(s => s.Retired && s.IdleMinutes >= RetiredIdleMinutes).ToList();
            if (gone.Count == 0)
            {
                return;
            }

            foreach (var series in gone)
            {
                _series.Remove(series.Name);
                var owner = series.Name[..series.Name.IndexOf('\n', StringComparison.Ordinal)];
                if (_owners.TryGetValue(owner, out var names) && names.Remove(series.Name) && names.Count == 0)
                {
                    _owners.Remove(owner);
                }
            }

            Volatile.Write(ref _all, [.. _series.Values]);
        }
    }
}
