using System.Text.RegularExpressions;
using Gatehouse.DataPlane.Tracing;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.UnitTests.DataPlane.Tracing;

/// <summary>The request's trace header (facts §12.2): X-Ray's format, the caller's kept, W3C traceparent both ways.</summary>
public sealed partial class TraceHeaderTests
{
    private const long Epoch = 1_465_510_280_000; // 0x5759e988 seconds

    private static HeaderDictionary Headers(params (string Name, string Value)[] headers) =>
        new(headers.ToDictionary(h => h.Name, h => new Microsoft.Extensions.Primitives.StringValues(h.Value)));

    [Fact]
    public void For_NoHeader_StartsATraceWithTheTimeAsHttpApisDo()
    {
        var header = TraceHeader.For(Headers(), Epoch);

        Assert.Matches(NewRoot(), header);
        Assert.StartsWith("Root=1-5759e988-", header, StringComparison.Ordinal);
        Assert.NotEqual(header, TraceHeader.For(Headers(), Epoch));
    }

    [Theory]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1")]
    [InlineData("Self=1-67891234-12456789abcdef012345678;Root=1-5759e988-bd862e3fe1be46a994272793;CalledFrom=app")]
    public void For_CallersHeaderWithARoot_IsKeptAsItIs(string given)
    {
        Assert.Equal(given, TraceHeader.For(Headers(("X-Amzn-Trace-Id", given), ("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")), Epoch));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("Root=1-5759e98-bd862e3fe1be46a994272793")]
    [InlineData("Root=2-5759e988-bd862e3fe1be46a994272793")]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a99427279g")]
    public void For_CallersHeaderWithoutAValidRoot_IsReplaced(string given)
    {
        var header = TraceHeader.For(Headers(("X-Amzn-Trace-Id", given)), Epoch);

        Assert.Matches(NewRoot(), header);
    }

    [Fact]
    public void For_TraceParent_GivesTheSameTraceInXRaysForm()
    {
        var header = TraceHeader.For(Headers(("traceparent", "00-0AF7651916CD43DD8448EB211C80319C-B7AD6B7169203331-01")), Epoch);

        Assert.Equal("Root=1-0af76519-16cd43dd8448eb211c80319c;Parent=b7ad6b7169203331;Sampled=1", header);
    }

    [Theory]
    [InlineData("00-00000000000000000000000000000000-b7ad6b7169203331-01")] // all-zero trace id
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01")] // all-zero parent
    [InlineData("ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")] // version ff
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-extra")] // version 00 is exactly 55 characters
    [InlineData("00-0af7651916cd43dd8448eb211c80319-b7ad6b7169203331-01")]
    [InlineData("00_0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")]
    public void FromTraceParent_Invalid_IsNull(string traceParent)
    {
        Assert.Null(TraceHeader.FromTraceParent(traceParent));
    }

    [Fact]
    public void FromTraceParent_FutureVersionWithMoreFields_IsRead()
    {
        Assert.Equal("Root=1-0af76519-16cd43dd8448eb211c80319c;Parent=b7ad6b7169203331;Sampled=0",
            TraceHeader.FromTraceParent("01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00-what-comes-next"));
    }

    [Fact]
    public void ToTraceParent_IsTheW3CFormOfTheSameTrace()
    {
        Assert.Equal("00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01",
            TraceHeader.ToTraceParent("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"));
        Assert.Matches("^00-5759e988bd862e3fe1be46a994272793-[0-9a-f]{16}-00$", TraceHeader.ToTraceParent("Root=1-5759e988-bd862e3fe1be46a994272793")!);
        Assert.Null(TraceHeader.ToTraceParent("Parent=53995c3f42cd8ad8"));
    }

    [Fact]
    public void RoundTrip_TraceParentToXRayAndBack_IsTheSame()
    {
        const string TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

        Assert.Equal(TraceParent, TraceHeader.ToTraceParent(TraceHeader.FromTraceParent(TraceParent)!));
    }

    [GeneratedRegex("^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$")]
    private static partial Regex NewRoot();
}
