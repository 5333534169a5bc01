using System.Text;
using Gatehouse.Functions.Invocation;

namespace Gatehouse.UnitTests.DataPlane.Lambda;

/// <summary>A scripted function: answers what the test says, records what it was asked, or never answers.</summary>
internal sealed class FakeFunctionInvoker(Func<InvocationRequest, InvocationResult>? answer = null) : IFunctionInvoker
{
    public List<(InvocationRequest Request, string Event)> Calls { get; } = [];

    /// <summary>Wait for cancellation instead of answering (a function slower than the integration timeout).</summary>
    public bool Hang { get; init; }

    public static FakeFunctionInvoker Returning(string payload) =>
        new(_ => new InvocationResult { Status = InvocationStatus.Completed, Payload = Encoding.UTF8.GetBytes(payload) });

    public static FakeFunctionInvoker Failing(InvocationResult result) => new(_ => result);

    public async ValueTask<InvocationResult> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Calls.Add((request, Encoding.UTF8.GetString(request.Payload.Span)));
        if (Hang)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        return answer?.Invoke(request) ?? new InvocationResult { Status = InvocationStatus.Completed, Payload = "{\"statusCode\":200}"u8.ToArray() };
    }

    public ValueTask<InvocationResult> EnqueueAsync(InvocationRequest request, CancellationToken cancellationToken) =>
        throw new NotSupportedException("proxy integrations invoke synchronously");
}
