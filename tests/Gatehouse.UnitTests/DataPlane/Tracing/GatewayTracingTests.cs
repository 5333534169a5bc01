using System.Diagnostics;
using Gatehouse.DataPlane.Tracing;

namespace Gatehouse.UnitTests.DataPlane.Tracing;

/// <summary>The gateway's spans: in the trace the header names, sampled as it says, passed onward.</summary>
[Collection(nameof(GatewayTracingTests))] // one listener on a static source at a time
public sealed class GatewayTracingTests : IDisposable
{
    private const string Root = "Root=1-5759e988-bd862e3fe1be46a994272793";
    private readonly ActivityListener _listener;
    private readonly List<Activity> _stopped = [];

    public GatewayTracingTests()
    {
        // As the OpenTelemetry SDK's ParentBased(AlwaysOn) sampler decides: follow the parent's flag.
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == GatewayTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                options.Parent.TraceFlags.HasFlag(ActivityTraceFlags.Recorded) ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.PropagationData,
            ActivityStopped = activity =>
            {
                lock (_stopped)
                {
                    _stopped.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    [Fact]
    public void StartRequest_CallerSampledWithParent_SpanIsTheCallersChildAndGoesOnward()
    {
        var (span, onward) = GatewayTracing.StartRequest(Root + ";Parent=53995c3f42cd8ad8;Sampled=1", 0, "GET");

        Assert.NotNull(span);
        using (span)
        {
            Assert.Equal("5759e988bd862e3fe1be46a994272793", span.TraceId.ToHexString());
            Assert.Equal("53995c3f42cd8ad8", span.ParentSpanId.ToHexString());
            Assert.True(span.Recorded);
            Assert.Equal($"{Root};Parent={span.SpanId.ToHexString()};Sampled=1", onward);
        }
    }

    [Fact]
    public void StartRequest_RootOnly_SpanStartsTheTraceWithThatId()
    {
        var (span, onward) = GatewayTracing.StartRequest(Root, 1, "GET");

        Assert.NotNull(span);
        using (span)
        {
            Assert.Equal("5759e988bd862e3fe1be46a994272793", span.TraceId.ToHexString());
            Assert.Equal(default, span.ParentSpanId);
            Assert.True(span.Recorded);
            Assert.StartsWith(Root + ";Parent=", onward, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void StartRequest_CallerSaidNotSampled_NothingIsRecorded()
    {
        var (span, onward) = GatewayTracing.StartRequest(Root + ";Parent=53995c3f42cd8ad8;Sampled=0", 1, "GET");

        using (span)
        {
            Assert.False(span?.Recorded ?? false);
            Assert.EndsWith(";Sampled=0", onward, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void StartRequest_RatioZeroAndNoDecision_NothingIsRecorded()
    {
        var (span, _) = GatewayTracing.StartRequest(Root, 0, "GET");

        using (span)
        {
            Assert.False(span?.Recorded ?? false);
        }
    }

    [Fact]
    public void StartChild_UnderARequestSpan_IsItsChild()
    {
        var (span, _) = GatewayTracing.StartRequest(Root + ";Sampled=1", 1, "GET");
        using (span)
        {
            using var child = GatewayTracing.StartChild("integration", ActivityKind.Client);

            Assert.NotNull(child);
            Assert.Equal(span!.SpanId, child.ParentSpanId);
            Assert.Equal(span.TraceId, child.TraceId);
        }
    }

    [Fact]
    public void StartChild_NoRequestSpan_IsNull()
    {
        Assert.Null(GatewayTracing.StartChild("integration"));
    }

    [Fact]
    public void StartRequest_InvalidHeader_NoSpanAndTheHeaderUnchanged()
    {
        var (span, onward) = GatewayTracing.StartRequest("Self=1-abc", 1, "GET");

        Assert.Null(span);
        Assert.Equal("Self=1-abc", onward);
    }

    [Fact]
    public void IsSampled_Ratio_SplitsTraceIdsInThatProportion()
    {
        var sampled = Enumerable.Range(0, 20_000).Count(_ => GatewayTracing.IsSampled(ActivityTraceId.CreateRandom(), 0.25));

        Assert.InRange(sampled, 4_500, 5_500);
    }

    [Fact]
    public void IsSampled_SameTraceId_SameDecision()
    {
        var id = ActivityTraceId.CreateRandom();

        Assert.Equal(GatewayTracing.IsSampled(id, 0.5), GatewayTracing.IsSampled(id, 0.5));
    }
}
