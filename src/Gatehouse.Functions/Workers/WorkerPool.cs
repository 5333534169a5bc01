using System.Diagnostics;
using Gatehouse.Model.Functions;

namespace Gatehouse.Functions.Workers;

/// <summary>
/// The warm workers of one function version (one configuration and code). Idle workers are reused most recent first,
/// so the least used ones age out; a version replaced by an update is retired: its idle workers stop at once, its busy
/// ones when they finish.
/// </summary>
internal sealed class WorkerPool
{
    private readonly Lock _gate = new();
    private readonly Stack<Worker> _idle = new();
    private readonly HashSet<Worker> _all = [];
    private bool _retired;

    public WorkerPool(string functionName, FunctionVersion version, string functionArn)
    {
        FunctionName = functionName;
        Version = version;
        FunctionArn = functionArn;
    }

    public string FunctionName { get; }

    public FunctionVersion Version { get; }

    /// <summary>The unqualified function ARN.</summary>
    public string FunctionArn { get; }

    /// <summary>Set once the code is on disk; workers start in it.</summary>
    public string? CodeDirectory { get; set; }

    public bool IsRetired
    {
        get
        {
            lock (_gate)
            {
                return _retired;
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _all.Count;
            }
        }
    }

    public int IdleCount
    {
        get
        {
            lock (_gate)
            {
                return _idle.Count;
            }
        }
    }

    /// <summary>Takes a warm worker, or null when none is idle (the caller starts one and <see cref="Add"/>s it).</summary>
    public Worker? TakeIdle()
    {
        lock (_gate)
        {
            while (_idle.TryPop(out var worker))
            {
                if (!worker.IsDead)
                {
                    return worker;
                }
            }

            return null;
        }
    }

    /// <summary>Adds a new worker; false when the pool was retired meanwhile (the caller stops the worker).</summary>
    public bool Add(Worker worker)
    {
        lock (_gate)
        {
            if (_retired)
            {
                return false;
            }

            _all.Add(worker);
            return true;
        }
    }

    /// <summary>Puts a worker that finished back among the idle; false when it should stop instead.</summary>
    public bool Return(Worker worker)
    {
        worker.LastUsedAt = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            if (_retired || worker.IsDead)
            {
                return false;
            }

            _idle.Push(worker);
            return true;
        }
    }

    public void Remove(Worker worker)
    {
        lock (_gate)
        {
            _all.Remove(worker);
        }
    }

    /// <summary>Retires the pool; returns the workers to stop now (the idle ones). Busy ones stop on return.</summary>
    public List<Worker> Retire()
    {
        lock (_gate)
        {
            _retired = true;
            var idle = _idle.ToList();
            _idle.Clear();
            return idle;
        }
    }

    /// <summary>Takes out the idle workers unused for longer than <paramref name="idleTimeout"/>.</summary>
    public List<Worker> TakeExpired(TimeSpan idleTimeout)
    {
        lock (_gate)
        {
            if (_idle.Count == 0)
            {
                return [];
            }

            var keep = new List<Worker>();
            var expired = new List<Worker>();
            foreach (var worker in _idle)
            {
                (Stopwatch.GetElapsedTime(worker.LastUsedAt) > idleTimeout ? expired : keep).Add(worker);
            }

            if (expired.Count > 0)
            {
                _idle.Clear();
                for (var i = keep.Count - 1; i >= 0; i--)
                {
                    _idle.Push(keep[i]);
                }
            }

            return expired;
        }
    }

    /// <summary>Every worker, idle or busy (for timeouts and shutdown).</summary>
    public List<Worker> Snapshot()
    {
        lock (_gate)
        {
            return [.. _all];
        }
    }
}
