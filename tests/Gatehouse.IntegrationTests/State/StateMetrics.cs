using System.Diagnostics.Metrics;
using Gatehouse.Store.State.Redis;

namespace Gatehouse.IntegrationTests.State;

/// <summary>
/// Reads the "Gatehouse.State" meter for the stores of one Redis server (their measurements carry its port), so that
/// tests running at the same time with other servers do not disturb each other.
/// </summary>
public sealed class StateMetrics : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly int _port;
    private long _fallbackOperations;
    private int? _available;

    public StateMetrics(int port)
    {
        _port = port;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RedisStateStore.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "gatehouse.state.fallback_operations" && IsOurs(tags))
            {
                Interlocked.Add(ref _fallbackOperations, value);
            }
        });
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "gatehouse.state.redis_available" && IsOurs(tags))
            {
                // With several stores (nodes) on one server, the gauge reads 1 only when every one of them is on Redis.
                _available = _available is { } seen ? Math.Min(seen, value) : value;
            }
        });
        _listener.Start();
    }

    public long FallbackOperations => Interlocked.Read(ref _fallbackOperations);

    /// <summary>The gauge gatehouse.state.redis_available as observed now (1 or 0), null when no store reports it.</summary>
    public int? RedisAvailable()
    {
        _available = null;
        _listener.RecordObservableInstruments();
        return _available;
    }

    public void Dispose() => _listener.Dispose();

    private bool IsOurs(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var (key, value) in tags)
        {
            if (key == "server.port" && value is int port && port == _port)
            {
                return true;
            }
        }

        return false;
    }
}
