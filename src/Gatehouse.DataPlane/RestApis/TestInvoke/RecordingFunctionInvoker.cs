using Gatehouse.Functions.Invocation;

namespace Gatehouse.DataPlane.RestApis.TestInvoke;

/// <summary>
/// Passes invocations on and keeps the last event and answer, so that a test invocation can show what the authorizer
/// function was sent and what it answered (its policy even when the answer denies). One per test invocation.
/// </summary>
internal sealed class RecordingFunctionInvoker(IFunctionInvoker inner) : IFunctionInvoker
{
    public InvocationRequest? Request { get; private set; }

    public InvocationResult? Result { get; private set; }

    public async ValueTask<InvocationResult> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken)
    {
        Request = request;
        Result = await inner.InvokeAsync(request, cancellationToken);
        return Result;
    }

    public async ValueTask<InvocationResult> EnqueueAsync(InvocationRequest request, CancellationToken cancellationToken)
    {
        Request = request;
        Result = await inner.EnqueueAsync(request, cancellationToken);
        return Result;
    }
}
