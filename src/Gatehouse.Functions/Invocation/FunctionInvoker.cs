using System.Collections.Concurrent;
using Gatehouse.Functions.Metrics;
using Gatehouse.Functions.Workers;
using Gatehouse.Model;
using Gatehouse.Model.Functions;

namespace Gatehouse.Functions.Invocation;

/// <summary>
/// Runs functions on local workers, as Lambda does: resolves the name and qualifier (aliases with weighted routing),
/// enforces reserved and account concurrency, and waits for the worker's answer.
/// </summary>
public sealed class FunctionInvoker : IFunctionInvoker, IAsyncDisposable
{
    /// <summary>Lambda's limit on a synchronous request payload: 6 MB.</summary>
    public const int MaxRequestBytes = 6 * 1024 * 1024;

    private static readonly byte[] EmptyEvent = "{}"u8.ToArray();
    private readonly FunctionsOptions _options;
    private readonly Func<FunctionCode, string> _codeDirectory;
    private readonly ConcurrentDictionary<string, FunctionState> _functions = new(StringComparer.Ordinal);
    private readonly Lock _poolGate = new();
    private readonly LambdaMetrics? _metrics;
    private int _unreservedActive;
    private int _disposed;
    private int _totalReserved;

    internal FunctionInvoker(FunctionsOptions options, WorkerManager workers, Func<FunctionCode, string> codeDirectory, LambdaMetrics? metrics = null)
    {
        _options = options;
        _metrics = metrics;
        Workers = workers;
        _codeDirectory = codeDirectory;
        Events = new EventQueue(this, options);
    }

    internal WorkerManager Workers { get; }

    internal EventQueue Events { get; }

    /// <summary>Takes in a function's new document (or its deletion): later invocations run the new configuration.</summary>
    public void Apply(string functionName, FunctionDocument? document)
    {
        ArgumentNullException.ThrowIfNull(functionName);
        List<WorkerPool> retired;
        lock (_poolGate)
        {
            var state = _functions.GetOrAdd(functionName, static name => new FunctionState(name));
            state.Document = document;
            state.Metrics = _metrics?.Apply(functionName, document);
            retired = state.RemovePoolsNotIn(document);
            _totalReserved = _functions.Values.Sum(f => f.Document?.ReservedConcurrentExecutions ?? 0);
            if (document is null && state.Active == 0)
            {
                _functions.TryRemove(functionName, out _);
            }
        }

        foreach (var pool in retired)
        {
            Workers.Retire(pool);
        }
    }

    public ValueTask<InvocationResult> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Payload.Length > MaxRequestBytes)
        {
            return ValueTask.FromResult(new InvocationResult
            {
                Status = InvocationStatus.RequestTooLarge,
                ErrorMessage = $"{request.Payload.Length} byte payload is too large for the RequestResponse invocation type (limit {MaxRequestBytes} bytes)",
            });
        }

        return RunAsync(request, cancellationToken);
    }

    public ValueTask<InvocationResult> EnqueueAsync(InvocationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Payload.Length > EventQueue.MaxEventBytes)
        {
            return ValueTask.FromResult(new InvocationResult
            {
                Status = InvocationStatus.RequestTooLarge,
                ErrorMessage = $"{request.Payload.Length} byte payload is too large for the Event invocation type (limit {EventQueue.MaxEventBytes} bytes)",
            });
        }

        var resolved = Resolve(request);
        if (resolved.Result is { } failure)
        {
            return ValueTask.FromResult(failure);
        }

        return Events.EnqueueAsync(request, resolved.Version!.Version, cancellationToken);
    }

    /// <summary>Stops the queue and every worker. The host and DI may both call it; it runs once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await Events.DisposeAsync();
        await Workers.DisposeAsync();
    }

    private async ValueTask<InvocationResult> RunAsync(InvocationRequest request, CancellationToken cancellationToken)
    {
        var resolved = Resolve(request);
        if (resolved.Result is { } failure)
        {
            return failure;
        }

        var state = resolved.State!;
        var version = resolved.Version!;
        var document = state.Document!;
        if (!TryAcquire(state, document.ReservedConcurrentExecutions, out var reason))
        {
            LambdaMetrics.RecordThrottle(state.Metrics, resolved.Qualifier);
            return new InvocationResult
            {
                Status = InvocationStatus.Throttled,
                Reason = reason,
                ErrorMessage = "Rate Exceeded.",
                ExecutedVersion = version.Version,
            };
        }

        var reserved = document.ReservedConcurrentExecutions is not null;
        var invocation = new Invocation
        {
            RequestId = Guid.NewGuid().ToString(),
            // Lambda hands a function invoked without a payload an empty object.
            Payload = request.Payload.IsEmpty ? EmptyEvent : request.Payload,
            InvokedFunctionArn = resolved.InvokedArn!,
            Timeout = TimeSpan.FromSeconds(version.Timeout),
            TraceId = request.TraceId,
            ClientContext = DecodeClientContext(request.ClientContext),
        };
        _metrics?.RecordStart(state.Metrics, state.Active);
        var run = RunAndReleaseAsync(state, reserved, PoolFor(state, version), invocation, resolved.Qualifier);
        var outcome = await run.WaitAsync(cancellationToken);
        return new InvocationResult
        {
            Status = InvocationStatus.Completed,
            Payload = outcome.Payload,
            FunctionError = outcome.Error is null ? null : "Unhandled",
            ExecutedVersion = version.Version,
            RequestId = invocation.RequestId,
            LogTail = request.TailLogs ? Tail(invocation.RequestId, version.Version, outcome.Log) : null,
        };
    }

    private async Task<InvocationOutcome> RunAndReleaseAsync(FunctionState state, bool reserved, WorkerPool pool, Invocation invocation, string? qualifier)
    {
        InvocationOutcome? outcome = null;
        try
        {
            outcome = await Workers.RunAsync(pool, invocation);
            return outcome;
        }
        finally
        {
            // Every admitted invocation that came to an end counts, an init or runtime failure as an error; the
            // duration runs from the event's delivery, so an environment that never got it reports none.
            _metrics?.RecordEnd(state.Metrics, qualifier, ran: outcome is not null, outcome?.Error is not null,
                invocation.DeliveredAt != 0 ? invocation.Elapsed : null);
            Interlocked.Decrement(ref state.ActiveField);
            if (!reserved)
            {
                Interlocked.Decrement(ref _unreservedActive);
            }
        }
    }

    /// <summary>Lambda's concurrency: a reserved function runs up to its reservation; the rest share what is left.</summary>
    private bool TryAcquire(FunctionState state, int? reservation, out string? reason)
    {
        reason = null;
        if (reservation is { } limit)
        {
            if (Interlocked.Increment(ref state.ActiveField) > limit)
            {
                Interlocked.Decrement(ref state.ActiveField);
                reason = "ReservedFunctionConcurrentInvocationLimitExceeded";
                return false;
            }

            return true;
        }

        var unreserved = _options.AccountConcurrencyLimit - Volatile.Read(ref _totalReserved);
        if (Interlocked.Increment(ref _unreservedActive) > unreserved)
        {
            Interlocked.Decrement(ref _unreservedActive);
            reason = "ConcurrentInvocationLimitExceeded";
            return false;
        }

        Interlocked.Increment(ref state.ActiveField);
        return true;
    }

    private WorkerPool PoolFor(FunctionState state, FunctionVersion version)
    {
        var key = FunctionState.PoolKey(version);
        if (state.Pools.TryGetValue(key, out var pool))
        {
            return pool;
        }

        lock (_poolGate)
        {
            if (!state.Pools.TryGetValue(key, out pool))
            {
                pool = new WorkerPool(state.Name, version, LambdaArns.Function(_options.Region, _options.AccountId, state.Name));
                state.Pools[key] = pool;
            }
        }

        // Extracting the code is idempotent and cached by the code store; a pool knows its directory before any worker starts.
        pool.CodeDirectory ??= _codeDirectory(version.Code);
        return pool;
    }

    internal Resolution Resolve(InvocationRequest request)
    {
        if (!FunctionReference.TryParse(request.FunctionName, out var reference))
        {
            return Resolution.Fail(InvocationStatus.FunctionNotFound, $"Function not found: {request.FunctionName}");
        }

        if (request.Qualifier is not null && reference.Qualifier is not null && request.Qualifier != reference.Qualifier)
        {
            return Resolution.Fail(InvocationStatus.FunctionNotFound, "The derived qualifier from the function name does not match the specified qualifier.");
        }

        var qualifier = request.Qualifier ?? reference.Qualifier;
        var arn = LambdaArns.Function(_options.Region, _options.AccountId, reference.Name);
        var invokedArn = qualifier is null ? arn : $"{arn}:{qualifier}";
        if (!_functions.TryGetValue(reference.Name, out var state) || state.Document is not { } document)
        {
            return Resolution.Fail(InvocationStatus.FunctionNotFound, $"Function not found: {invokedArn}");
        }

        FunctionVersion? version;
        if (qualifier is null or FunctionVersion.LatestName)
        {
            version = document.Latest;
        }
        else if (char.IsAsciiDigit(qualifier[0]))
        {
            version = document.FindVersion(qualifier);
        }
        else if (document.FindAlias(qualifier) is { } alias)
        {
            version = document.FindVersion(Route(alias));
        }
        else
        {
            version = null;
        }

        if (version is null)
        {
            return Resolution.Fail(InvocationStatus.FunctionNotFound, $"Function not found: {invokedArn}");
        }

        if (version.State != "Active")
        {
            return Resolution.Fail(InvocationStatus.NotRunnable,
                $"The operation cannot be performed at this time. The function is currently in the following state: {version.State}");
        }

        return new Resolution(null, state, version, invokedArn, qualifier);
    }

    /// <summary>An alias's weighted routing: the additional version takes its share of invocations at random.</summary>
    private static string Route(FunctionAlias alias)
    {
        var roll = Random.Shared.NextDouble();
        foreach (var (version, weight) in alias.AdditionalVersionWeights)
        {
            if (roll < weight)
            {
                return version;
            }

            roll -= weight;
        }

        return alias.FunctionVersion;
    }

    /// <summary>Invoke takes the client context in base64; the runtime gets it as the JSON it encodes, as on Lambda.</summary>
    private static string? DecodeClientContext(string? clientContext)
    {
        if (string.IsNullOrEmpty(clientContext))
        {
            return null;
        }

        var bytes = new byte[clientContext.Length];
        return Convert.TryFromBase64String(clientContext, bytes, out var length)
            ? System.Text.Encoding.UTF8.GetString(bytes, 0, length)
            : clientContext;
    }

    /// <summary>The last 4 KB of an invocation's log, as LogType Tail returns it (the caller encodes it).</summary>
    private static string Tail(string requestId, string version, Logs.LogEvent[] events)
    {
        var text = new System.Text.StringBuilder();
        text.Append("START RequestId: ").Append(requestId).Append(" Version: ").Append(version).Append('\n');
        foreach (var e in events)
        {
            text.Append(e.Message).Append('\n');
        }

        var log = text.ToString();
        var bytes = System.Text.Encoding.UTF8.GetBytes(log);
        return bytes.Length <= 4096 ? log : System.Text.Encoding.UTF8.GetString(bytes.AsSpan(bytes.Length - 4096));
    }

    internal sealed record Resolution(InvocationResult? Result, FunctionState? State, FunctionVersion? Version, string? InvokedArn, string? Qualifier = null)
    {
        public static Resolution Fail(InvocationStatus status, string message) =>
            new(new InvocationResult { Status = status, ErrorMessage = message }, null, null, null);
    }

    /// <summary>What the invoker keeps per function: its document, its pools by version revision, its running count.</summary>
    internal sealed class FunctionState(string name)
    {
        public int ActiveField;

        public string Name { get; } = name;

        public FunctionDocument? Document { get; set; }

        /// <summary>The function's AWS/Lambda metric series, rebuilt with its document; null when metrics are not recorded.</summary>
        public FunctionSeries? Metrics { get; set; }

        public ConcurrentDictionary<string, WorkerPool> Pools { get; } = new(StringComparer.Ordinal);

        public int Active => Volatile.Read(ref ActiveField);

        /// <summary>A pool serves one version at one revision: an update of $LATEST starts a new pool.</summary>
        public static string PoolKey(FunctionVersion version) => version.Version + "/" + version.RevisionId;

        /// <summary>Drops the pools of versions the document no longer has (or whose revision changed).</summary>
        public List<WorkerPool> RemovePoolsNotIn(FunctionDocument? document)
        {
            var live = new HashSet<string>(StringComparer.Ordinal);
            if (document is not null)
            {
                live.Add(PoolKey(document.Latest));
                foreach (var version in document.Versions)
                {
                    live.Add(PoolKey(version));
                }
            }

            var removed = new List<WorkerPool>();
            foreach (var (key, pool) in Pools)
            {
                if (!live.Contains(key) && Pools.TryRemove(key, out _))
                {
                    removed.Add(pool);
                }
            }

            return removed;
        }
    }
}
