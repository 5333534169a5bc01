using System.Diagnostics;
using System.Threading.Channels;
using Gatehouse.Functions.Invocation;
using Gatehouse.Functions.RuntimeApi;

namespace Gatehouse.Functions.Workers;

/// <summary>
/// One execution environment: a process running a runtime client against its own Runtime API port. It runs one
/// invocation at a time; its pool hands it the next one when it is idle.
/// </summary>
internal sealed class Worker
{
    // Synchronous continuations: the thread that assigns an invocation writes it to the waiting runtime itself,
    // without a hop through the thread pool (it never holds a lock when it does).
    private readonly Channel<Invocation.Invocation> _inbox = Channel.CreateBounded<Invocation.Invocation>(
        new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true, AllowSynchronousContinuations = true });
    private readonly Lock _gate = new();
    private Invocation.Invocation? _current;
    private int _dead;

    public Worker(long id, WorkerPool pool, WorkerPort port, WorkerOutput output, string logStreamName)
    {
        Id = id;
        Pool = pool;
        Port = port;
        Output = output;
        LogStreamName = logStreamName;
        StartedAt = Stopwatch.GetTimestamp();
    }

    public long Id { get; }

    public WorkerPool Pool { get; }

    public WorkerPort Port { get; }

    /// <summary>The file the process writes its stdout and stderr to.</summary>
    public WorkerOutput Output { get; }

    public string LogStreamName { get; }

    public Process? Process { get; set; }

    public long StartedAt { get; }

    /// <summary>Set when the runtime first asks for an event: how long its initialisation took.</summary>
    public TimeSpan? InitDuration { get; private set; }

    /// <summary>The error the runtime reported through /init/error, if it did.</summary>
    public ReadOnlyMemory<byte>? InitError { get; set; }

    public string? InitErrorType { get; set; }

    /// <summary>When it last finished an invocation (Stopwatch ticks), for reaping idle workers.</summary>
    public long LastUsedAt { get; set; }

    /// <summary>The last peak memory read for REPORT lines, in MB, and when (Stopwatch ticks).</summary>
    public long MaxMemoryMb { get; set; }

    public long MaxMemoryReadAt { get; set; }

    /// <summary>Whether a REPORT line already carried the Init Duration (only the first invocation's does).</summary>
    public bool ReportedInit { get; set; }

    public bool IsDead => Volatile.Read(ref _dead) != 0;

    public Invocation.Invocation? Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    /// <summary>
    /// Gives the worker its next invocation, which it receives on its (pending or next) GET /next. False when the
    /// worker died meanwhile: then it never saw the invocation, and the caller finds another worker.
    /// </summary>
    public bool TryAssign(Invocation.Invocation invocation)
    {
        lock (_gate)
        {
            if (_dead != 0)
            {
                return false;
            }

            if (_current is not null)
            {
                throw new InvalidOperationException($"Worker {Id} was given a second invocation");
            }

            _current = invocation;
            invocation.MarkAssigned();
        }

        // Outside the lock (the waiting GET /next may run right here). If the worker died meanwhile the write fails,
        // and its exit handler, which runs after MarkDead, finds the invocation current and fails it.
        _inbox.Writer.TryWrite(invocation);
        return true;
    }

    /// <summary>Waits for the next invocation (GET /runtime/invocation/next); null once the worker is shut down.</summary>
    public async ValueTask<Invocation.Invocation?> NextAsync(CancellationToken cancellationToken)
    {
        InitDuration ??= Stopwatch.GetElapsedTime(StartedAt);
        try
        {
            return await _inbox.Reader.ReadAsync(cancellationToken);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    /// <summary>
    /// Ends the current invocation if it is the one named; returns it, or null when it is not current (a late or
    /// duplicate answer, or one for another request id).
    /// </summary>
    public Invocation.Invocation? TakeCurrent(string? requestId = null)
    {
        lock (_gate)
        {
            if (_current is null || (requestId is not null && _current.RequestId != requestId))
            {
                return null;
            }

            var current = _current;
            _current = null;
            return current;
        }
    }

    /// <summary>Marks the worker dead (once): it takes no more invocations. Returns false if it already was.</summary>
    public bool MarkDead()
    {
        lock (_gate)
        {
            if (_dead != 0)
            {
                return false;
            }

            _dead = 1;
            _inbox.Writer.TryComplete();
            return true;
        }
    }
}
