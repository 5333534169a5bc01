namespace Gatehouse.Functions.Invocation;

/// <summary>
/// Runs functions. One implementation runs them on local workers; the interface exists so that the data plane's
/// tests can put a scripted function behind an integration.
/// </summary>
public interface IFunctionInvoker
{
    /// <summary>
    /// Invokes a function synchronously. Cancelling stops the caller's wait only: the function runs on until it
    /// finishes or times out, as on Lambda when API Gateway gives up first.
    /// </summary>
    ValueTask<InvocationResult> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Queues an asynchronous (<c>Event</c>) invocation, run later and retried as Lambda retries (twice). Returns
    /// <see cref="InvocationStatus.Completed"/> with an empty payload when queued (Lambda's 202), or why it was not.
    /// </summary>
    ValueTask<InvocationResult> EnqueueAsync(InvocationRequest request, CancellationToken cancellationToken);
}
