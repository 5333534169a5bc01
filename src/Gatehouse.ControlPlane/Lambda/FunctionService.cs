using Gatehouse.Functions.Code;
using Gatehouse.Model;
using Gatehouse.Model.Functions;
using Gatehouse.Store;
using Microsoft.Extensions.Logging;

namespace Gatehouse.ControlPlane.Lambda;

/// <summary>
/// Reads and changes Lambda functions in the store. Every change is a read-modify-write of one function document,
/// serialized in this process and checked by version in the store. A write that leaves a version Pending (created) or
/// InProgress (updated) is followed by a background step that unpacks its code and settles it Active/Successful (or
/// Failed), as Lambda's own state machine does, in milliseconds.
/// </summary>
public sealed partial class FunctionService(IConfigStore store, CodeStore codeStore, ControlPlaneOptions options, ILogger<FunctionService> logger)
    : IDisposable
{
    /// <summary>Lambda's reason while a function or update is being set up.</summary>
    public const string CreatingReason = "The function is being created.";

    private const int MaxAttempts = 5;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();

    public ControlPlaneOptions Options { get; } = options;

    public IConfigStore Store { get; } = store;

    public CodeStore Code { get; } = codeStore;

    /// <summary>
    /// Run once at start, before the listener: removes code packages no function names any more, and settles versions
    /// that a previous process left Pending or InProgress.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var functions = await Store.ListFunctionsAsync(cancellationToken).ConfigureAwait(false);
        var referenced = functions.SelectMany(AllVersions).Select(v => v.Code.Id).ToHashSet(StringComparer.Ordinal);
        var removed = Code.Sweep(referenced);
        if (removed > 0)
        {
            LogSwept(logger, removed);
        }

        foreach (var function in functions.Where(f => AllVersions(f).Any(NeedsSettling)))
        {
            ScheduleSettling(function.FunctionName);
        }
    }

    public async Task<FunctionDocument> GetAsync(FunctionRef function, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(function);
        return await Store.GetFunctionAsync(function.Name, cancellationToken).ConfigureAwait(false) ?? throw NotFound(function);
    }

    /// <summary>Lambda's 404 for a function, version or alias: <c>Function not found: arn:aws:lambda:...</c>.</summary>
    public AwsException NotFound(FunctionRef function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return LambdaErrors.FunctionNotFound(function.Arn(Options));
    }

    public string Arn(string functionName, string? qualifier = null) => qualifier is null
        ? LambdaArns.Function(Options.Region, Options.AccountId, functionName)
        : LambdaArns.Qualified(Options.Region, Options.AccountId, functionName, qualifier);

    /// <summary>Stores an uploaded zip (before the write that names it), answering Lambda's errors for a bad one.</summary>
    public async Task<FunctionCode> SaveCodeAsync(byte[] zip, string operation, CancellationToken cancellationToken)
    {
        try
        {
            return await Code.SaveZipAsync(zip, cancellationToken).ConfigureAwait(false);
        }
        catch (CodePackageException e)
        {
            throw CodeError(e, operation);
        }
    }

    public FunctionCode InspectCode(byte[] zip, string operation)
    {
        try
        {
            return Code.Inspect(zip);
        }
        catch (CodePackageException e)
        {
            throw CodeError(e, operation);
        }
    }

    public async Task<FunctionDocument> CreateAsync(FunctionDocument document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        FunctionDocument saved;
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            saved = await Store.SaveFunctionAsync(document, cancellationToken).ConfigureAwait(false);
        }
        catch (ConcurrentModificationException)
        {
            throw LambdaErrors.Conflict($"Function already exist: {document.FunctionName}");
        }
        finally
        {
            _writeLock.Release();
        }

        ScheduleSettling(saved.FunctionName);
        return saved;
    }

    /// <summary>Applies <paramref name="change"/> to the function and stores the result in one transaction.</summary>
    public Task<T> EditAsync<T>(FunctionRef function, Func<FunctionEdit, T> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        return EditAsync(function, (edit, _) => Task.FromResult(change(edit)), cancellationToken);
    }

    /// <summary>
    /// Applies a change that needs to read the store (it runs under the write lock, so what it reads stays true until
    /// the write) and stores the result in one transaction.
    /// </summary>
    public async Task<T> EditAsync<T>(FunctionRef function, Func<FunctionEdit, CancellationToken, Task<T>> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(change);
        var unqualified = function with { Qualifier = null };
        T result;
        FunctionDocument saved;
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var edit = new FunctionEdit(await GetAsync(unqualified, cancellationToken).ConfigureAwait(false));
                result = await change(edit, cancellationToken).ConfigureAwait(false);
                if (!edit.Changed)
                {
                    return result;
                }

                try
                {
                    saved = await Store.SaveFunctionAsync(edit.Document, cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (ConcurrentModificationException) when (attempt < MaxAttempts)
                {
                    // Another node wrote this function between our read and our write: read again and redo the change.
                }
                catch (ConcurrentModificationException)
                {
                    throw LambdaErrors.Conflict("The operation cannot be performed at this time. The function was changed by another request; please try again.");
                }
            }
        }
        finally
        {
            _writeLock.Release();
        }

        if (AllVersions(saved).Any(NeedsSettling))
        {
            ScheduleSettling(saved.FunctionName);
        }

        return result;
    }

    public async Task<bool> DeleteAsync(string functionName, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Store.DeleteFunctionAsync(functionName, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
        _writeLock.Dispose();
    }

    /// <summary><c>$LATEST</c> and every published version.</summary>
    public static IEnumerable<FunctionVersion> AllVersions(FunctionDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return [document.Latest, .. document.Versions];
    }

    private static bool NeedsSettling(FunctionVersion version) => version.State == "Pending" || version.LastUpdateStatus == "InProgress";

    private void ScheduleSettling(string functionName) => _ = Task.Run(() => SettleAsync(functionName));

    /// <summary>Unpacks the code of every version waiting for it, then records the outcome (Active or Failed).</summary>
    private async Task SettleAsync(string functionName)
    {
        var cancellationToken = _stopping.Token;
        try
        {
            var document = await Store.GetFunctionAsync(functionName, cancellationToken).ConfigureAwait(false);
            if (document is null)
            {
                return;
            }

            var failures = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var code in AllVersions(document).Where(NeedsSettling).Select(v => v.Code).DistinctBy(c => c.Id))
            {
                try
                {
                    Code.GetDirectory(code);
                    failures[code.Id] = null;
                }
                catch (Exception e) when (e is CodePackageException or IOException or UnauthorizedAccessException)
                {
                    LogUnpackFailed(logger, e, functionName, code.Id);
                    failures[code.Id] = e is CodePackageException ? e.Message : "Lambda was unable to unpack the deployment package: " + e.Message;
                }
            }

            await EditAsync(new FunctionRef(functionName, null), edit =>
            {
                FunctionVersion Settle(FunctionVersion v) =>
                    NeedsSettling(v) && failures.TryGetValue(v.Code.Id, out var failure) ? Settled(v, failure) : v;

                var current = edit.Document;
                var settled = current with { Latest = Settle(current.Latest), Versions = [.. current.Versions.Select(Settle)] };
                if (!AllVersions(settled).SequenceEqual(AllVersions(current)))
                {
                    edit.Update(settled);
                }

                return 0;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsException)
        {
            // Deleted in the meantime: nothing left to settle.
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the next start settles what is left (StartAsync).
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogSettleFailed(logger, e, functionName);
        }
    }

    private static FunctionVersion Settled(FunctionVersion version, string? failure) => failure is null
        ? version with
        {
            State = "Active",
            StateReason = null,
            StateReasonCode = null,
            LastUpdateStatus = "Successful",
            LastUpdateStatusReason = null,
            LastUpdateStatusReasonCode = null,
            RevisionId = NewRevisionId(),
        }
        : version with
        {
            State = "Failed",
            StateReason = failure,
            StateReasonCode = "InvalidZipFileException",
            LastUpdateStatus = "Failed",
            LastUpdateStatusReason = failure,
            LastUpdateStatusReasonCode = "InvalidZipFileException",
            RevisionId = NewRevisionId(),
        };

    public static string NewRevisionId() => Guid.NewGuid().ToString();

    private static AwsException CodeError(CodePackageException e, string operation) => e.Problem switch
    {
        CodePackageProblem.TooLarge => LambdaErrors.RequestTooLarge(LambdaJson.CodeBodyLimit, operation),
        _ => LambdaErrors.InvalidParameter(e.Message),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} unreferenced function code packages")]
    private static partial void LogSwept(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not unpack code package {CodeId} of function {FunctionName}")]
    private static partial void LogUnpackFailed(ILogger logger, Exception exception, string functionName, string codeId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not settle the state of function {FunctionName}")]
    private static partial void LogSettleFailed(ILogger logger, Exception exception, string functionName);
}

/// <summary>A change in progress to one function document.</summary>
public sealed class FunctionEdit(FunctionDocument document)
{
    public FunctionDocument Document { get; private set; } = document;

    public bool Changed { get; private set; }

    public void Update(FunctionDocument document)
    {
        Document = document;
        Changed = true;
    }
}
