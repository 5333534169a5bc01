using System.Text;
using Gatehouse.DataPlane.RestApis.TestInvoke;

namespace Gatehouse.UnitTests.DataPlane.RestApis.TestInvoke;

public sealed class RestExecutionLogTests
{
    [Fact]
    public void Timestamp_UtcTime_IsJavasDateToString()
    {
        Assert.Equal("Thu Aug 31 01:07:25 UTC 2017", RestExecutionLog.Timestamp(new DateTimeOffset(2017, 8, 31, 1, 7, 25, TimeSpan.Zero)));
        Assert.Equal("Thu Aug 31 01:07:25 UTC 2017", RestExecutionLog.Timestamp(new DateTimeOffset(2017, 8, 31, 3, 7, 25, TimeSpan.FromHours(2))));
    }

    [Fact]
    public void ToString_Lines_HeaderThenStampedLinesEachEndingWithLineFeed()
    {
        var log = new RestExecutionLog("req-1", new ManualTimeProvider(new DateTimeOffset(2026, 11, 26, 10, 6, 14, TimeSpan.Zero)));

        log.Add("Starting execution for request: req-1");
        log.Add("Method completed with status: 200");

        Assert.Equal(
            "Execution log for request req-1\n" +
            "Thu Nov 26 10:06:14 UTC 2026 : Starting execution for request: req-1\n" +
            "Thu Nov 26 10:06:14 UTC 2026 : Method completed with status: 200\n",
            log.ToString());
    }

    [Fact]
    public void Add_LineOverTheLimit_IsCutAndMarked()
    {
        var log = new RestExecutionLog("r", new ManualTimeProvider());

        log.Add(new string('x', RestExecutionLog.MaxLineLength + 10));

        var line = log.ToString().Split('\n')[1];
        Assert.EndsWith(new string('x', RestExecutionLog.MaxLineLength) + " [TRUNCATED]", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_Pairs_PrintAsJavaMaps()
    {
        Assert.Equal("{}", RestExecutionLog.Map([]));
        Assert.Equal("{petId=123}", RestExecutionLog.Map([new("petId", "123")]));
        Assert.Equal("{a=1, b=, a=2}", RestExecutionLog.Map([new("a", "1"), new("b", ""), new("a", "2")]));
    }

    [Fact]
    public void Mask_Secret_KeepsOnlyItsLastSixCharacters()
    {
        Assert.Equal("********aaaaaa", RestExecutionLog.Mask("aaaaaaaaaaaaaa"));
        Assert.Equal("******", RestExecutionLog.Mask("secret"));
        Assert.Equal("***", RestExecutionLog.Mask("abc"));
        Assert.Equal("", RestExecutionLog.Mask(""));
    }

    [Fact]
    public void EndpointRequestAndResponse_Call_WriteAwsLinesInOrder()
    {
        var log = new RestExecutionLog("r", new ManualTimeProvider());

        log.EndpointRequest("https://backend/x", [new("Accept", "application/json"), new("authorization", "Bearer secret-token")], Encoding.UTF8.GetBytes("""{"a":1}"""));
        log.EndpointResponse(200, TimeSpan.FromMilliseconds(42), Encoding.UTF8.GetBytes("ok"), [new("Content-Type", "text/plain")]);
        log.EndpointResponse(null, null, [], []);

        var lines = log.ToString().Split('\n')[1..^1].Select(l => l[(l.IndexOf(" : ", StringComparison.Ordinal) + 3)..]).ToArray();
        Assert.Equal(
        [
            "Endpoint request URI: https://backend/x",
            "Endpoint request headers: {Accept=application/json, authorization=*************-token}",
            """Endpoint request body after transformations: {"a":1}""",
            "Sending request to https://backend/x",
            "Received response. Status: 200, Integration latency: 42 ms",
            "Endpoint response headers: {Content-Type=text/plain}",
            "Endpoint response body before transformations: ok",
            "Received response. Integration latency: 0 ms",
            "Endpoint response headers: {}",
            "Endpoint response body before transformations: ",
        ], lines);
    }

    [Fact]
    public void LambdaUri_FunctionArn_IsLambdasInvokeUriInItsRegion() =>
        Assert.Equal("https://lambda.eu-west-1.amazonaws.com/2015-03-31/functions/arn:aws:lambda:eu-west-1:000000000000:function:f/invocations",
            RestExecutionLog.LambdaUri("arn:aws:lambda:eu-west-1:000000000000:function:f"));
}
