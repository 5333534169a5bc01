using System.Text;
using Gatehouse.Functions.Invocation;

namespace Gatehouse.UnitTests.DataPlane.Lambda;

/// <summary>A function that answers every invocation once the test releases it, counting them.</summary>
internal sealed class GatedFunctionInvoker(string answer) : IFunctionInvoker
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public void Release() => _released.TrySetResult();

    public async ValueTask<InvocationResult> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        await _released.Task.WaitAsync(cancellationToken);
        return new InvocationResult { Status = InvocationStatus.Completed, Payload = Encoding.UTF8.GetBytes(answer) };
    }

    public ValueTask<InvocationResult> EnqueueAsync(InvocationRequest request, CancellationToken cancellationToken) =>
        throw new NotSupportedException();
}
