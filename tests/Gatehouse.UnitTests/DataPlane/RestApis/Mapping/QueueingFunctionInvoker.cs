using System.Text;
using Gatehouse.Functions.Invocation;

namespace Gatehouse.UnitTests.DataPlane.RestApis.Mapping;

/// <summary>A function invoker that records synchronous and queued (Event) invocations apart.</summary>
internal sealed class QueueingFunctionInvoker : IFunctionInvoker
{
    public List<InvocationRequest> Invoked { get; } = [];

    public List<(InvocationRequest Request, string Event)> Queued { get; } = [];

    public ValueTask<InvocationResult> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken)
    {
        Invoked.Add(request);
        return ValueTask.FromResult(new InvocationResult { Status = InvocationStatus.Completed, Payload = """{"sync":true}"""u8.ToArray() });
    }

    public ValueTask<InvocationResult> EnqueueAsync(InvocationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Queued.Add((request, Encoding.UTF8.GetString(request.Payload.Span)));
        return ValueTask.FromResult(new InvocationResult { Status = InvocationStatus.Completed, RequestId = "queued-1" });
    }
}
