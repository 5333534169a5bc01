using System.Text;
using System.Text.Json;
using Gatehouse.DataPlane.Integrations.Lambda;
using Gatehouse.Functions.Invocation;
using Gatehouse.Model.HttpApis;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gatehouse.UnitTests.DataPlane.Lambda;

/// <summary>
/// Given a route with a Lambda proxy integration, when a client calls it, then the function gets the event and the
/// client gets the function's answer, or the status and body HTTP APIs give for each kind of failure.
/// </summary>
public sealed class LambdaProxyTests
{
    private sealed record Answer(int Status, string Body, IHeaderDictionary Headers);

    private static async Task<Answer> CallAsync(LambdaRequest request, IFunctionInvoker? invoker, CancellationToken aborted = default)
    {
        var (http, context, integration) = request.Build();
        http.RequestAborted = aborted;
        await new LambdaProxy(invoker, NullLogger.Instance).InvokeAsync(http, context, request.Query.AsMemory(), integration);
        var body = (MemoryStream)http.Response.Body;
        return new Answer(http.Response.StatusCode, Encoding.UTF8.GetString(body.ToArray()), http.Response.Headers);
    }

    [Fact]
    public async Task Invoke_FunctionAnswers_ClientGetsItsStatusHeadersAndBody()
    {
        var invoker = FakeFunctionInvoker.Returning("""{"statusCode": 201, "headers": {"Content-Type": "text/html", "X-Pet": "cat"}, "cookies": ["a=1"], "body": "<b>ok</b>"}""");

        var answer = await CallAsync(new LambdaRequest { Method = "POST", Headers = [("Content-Type", "application/json")], Body = LambdaRequest.Utf8("{\"n\":1}") }, invoker);

        Assert.Equal(201, answer.Status);
        Assert.Equal("<b>ok</b>", answer.Body);
        Assert.Equal("text/html", answer.Headers.ContentType);
        Assert.Equal("cat", answer.Headers["X-Pet"]);
        Assert.Equal("a=1", answer.Headers.SetCookie);
        Assert.Equal(9, answer.Headers.ContentLength);
        var (request, e) = Assert.Single(invoker.Calls);
        Assert.Equal(LambdaRequest.FunctionArn, request.FunctionName);
        Assert.Null(request.Qualifier);
        Assert.Equal("{\"n\":1}", JsonDocument.Parse(e).RootElement.GetProperty("body").GetString());
    }

    [Fact]
    public async Task Invoke_RequestId_IsTheEventsRequestIdAndTheTraceHeaderIsPassedOn()
    {
        var invoker = FakeFunctionInvoker.Returning("""{"statusCode": 200}""");

        var answer = await CallAsync(new LambdaRequest { Headers = [("X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793")] }, invoker);

        var (request, e) = Assert.Single(invoker.Calls);
        var root = JsonDocument.Parse(e).RootElement;
        Assert.Equal(answer.Headers["apigw-requestid"], root.GetProperty("requestContext").GetProperty("requestId").GetString());
        Assert.Equal("Root=1-5759e988-bd862e3fe1be46a994272793", request.TraceId);
    }

    [Fact]
    public async Task Invoke_NoTraceHeader_TheGatewaysTraceIdIsPassedOn()
    {
        var invoker = FakeFunctionInvoker.Returning("""{"statusCode": 200}""");

        await CallAsync(new LambdaRequest(), invoker);

        var (request, e) = Assert.Single(invoker.Calls);
        Assert.Equal(JsonDocument.Parse(e).RootElement.GetProperty("headers").GetProperty("x-amzn-trace-id").GetString(), request.TraceId);
    }

    [Theory]
    [InlineData("arn:aws:lambda:us-east-1:000000000000:function:hello:live", "arn:aws:lambda:us-east-1:000000000000:function:hello", "live")]
    [InlineData("arn:aws:lambda:us-east-1:000000000000:function:hello:7", "arn:aws:lambda:us-east-1:000000000000:function:hello", "7")]
    [InlineData("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:hello:$LATEST/invocations",
        "arn:aws:lambda:us-east-1:000000000000:function:hello", "$LATEST")]
    public async Task Invoke_IntegrationUri_NamesTheFunctionAndQualifier(string uri, string functionName, string qualifier)
    {
        var invoker = FakeFunctionInvoker.Returning("""{"statusCode": 200}""");

        await CallAsync(new LambdaRequest { IntegrationUri = uri }, invoker);

        var (request, _) = Assert.Single(invoker.Calls);
        Assert.Equal(functionName, request.FunctionName);
        Assert.Equal(qualifier, request.Qualifier);
    }

    [Fact]
    public async Task Invoke_StageVariablesInTheUri_AreTheStagesVariables()
    {
        var invoker = FakeFunctionInvoker.Returning("""{"statusCode": 200}""");

        await CallAsync(new LambdaRequest
        {
            IntegrationUri = "arn:aws:lambda:us-east-1:000000000000:function:${stageVariables.fn}:${stageVariables.alias}",
            StageVariables = new() { ["fn"] = "orders", ["alias"] = "blue" },
        }, invoker);

        var (request, _) = Assert.Single(invoker.Calls);
        Assert.Equal("arn:aws:lambda:us-east-1:000000000000:function:orders", request.FunctionName);
        Assert.Equal("blue", request.Qualifier);
    }

    [Fact]
    public async Task Invoke_StageVariableMissing_500WithoutInvoking()
    {
        var invoker = FakeFunctionInvoker.Returning("""{"statusCode": 200}""");

        var answer = await CallAsync(new LambdaRequest { IntegrationUri = "arn:aws:lambda:us-east-1:000000000000:function:${stageVariables.fn}" }, invoker);

        Assert.Equal(500, answer.Status);
        Assert.Equal("""{"message":"Internal Server Error"}""", answer.Body);
        Assert.Empty(invoker.Calls);
    }

    public static TheoryData<InvocationResult, int, string> Failures => new()
    {
        // A thrown error, a crash, the function's own timeout: X-Amz-Function-Error is set.
        { new() { Status = InvocationStatus.Completed, FunctionError = "Unhandled", Payload = """{"errorMessage":"boom","errorType":"Error"}"""u8.ToArray() },
            500, """{"message":"Internal Server Error"}""" },
        { new() { Status = InvocationStatus.FunctionNotFound, ErrorMessage = "Function not found" }, 500, """{"message":"Internal Server Error"}""" },
        { new() { Status = InvocationStatus.Throttled, Reason = "ReservedFunctionConcurrentInvocationLimitExceeded" }, 500, """{"message":"Internal Server Error"}""" },
        { new() { Status = InvocationStatus.NotRunnable, ErrorMessage = "state Failed" }, 500, """{"message":"Internal Server Error"}""" },
        { new() { Status = InvocationStatus.RequestTooLarge }, 413, """{"message":"Request Entity Too Large"}""" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Invoke_InvocationFails_AnswersAsHttpApisDo(InvocationResult result, int status, string body)
    {
        var answer = await CallAsync(new LambdaRequest(), FakeFunctionInvoker.Failing(result));

        Assert.Equal(status, answer.Status);
        Assert.Equal(body, answer.Body);
        Assert.Equal("application/json", answer.Headers.ContentType);
        Assert.Equal("JKJaXmPLvHcESHA=", answer.Headers["apigw-requestid"]);
    }

    [Fact]
    public async Task Invoke_FunctionSlowerThanTimeoutInMillis_503ServiceUnavailable()
    {
        var invoker = new FakeFunctionInvoker { Hang = true };

        var answer = await CallAsync(new LambdaRequest { TimeoutInMillis = 50 }, invoker);

        Assert.Equal(503, answer.Status);
        Assert.Equal("""{"message":"Service Unavailable"}""", answer.Body);
    }

    [Fact]
    public async Task Invoke_ClientGoneBeforeTheFunctionAnswers_NothingIsWritten()
    {
        using var aborted = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        var answer = await CallAsync(new LambdaRequest(), new FakeFunctionInvoker { Hang = true }, aborted.Token);

        Assert.Equal(200, answer.Status); // untouched
        Assert.Equal("", answer.Body);
    }

    [Fact]
    public async Task Invoke_MalformedAnswer_500AndTheFunctionsHeadersAreDropped()
    {
        var answer = await CallAsync(new LambdaRequest { PayloadFormat = "1.0" },
            FakeFunctionInvoker.Returning("""{"statusCode": 200, "headers": {"X-Leak": "1"}, "wrongValue": "value"}"""));

        Assert.Equal(500, answer.Status);
        Assert.Equal("""{"message":"Internal Server Error"}""", answer.Body);
        Assert.False(answer.Headers.ContainsKey("X-Leak"));
        Assert.Equal("JKJaXmPLvHcESHA=", answer.Headers["apigw-requestid"]);
    }

    [Fact]
    public async Task Invoke_NoInvokerRegistered_500()
    {
        var answer = await CallAsync(new LambdaRequest(), invoker: null);

        Assert.Equal(500, answer.Status);
        Assert.Equal("""{"message":"Internal Server Error"}""", answer.Body);
    }

    [Fact]
    public async Task Invoke_InferredAnswer_200ApplicationJson()
    {
        var answer = await CallAsync(new LambdaRequest(), FakeFunctionInvoker.Returning("""{"message": "Hello from Lambda!"}"""));

        Assert.Equal(200, answer.Status);
        Assert.Equal("application/json", answer.Headers.ContentType);
        Assert.Equal("""{"message": "Hello from Lambda!"}""", answer.Body);
    }

    [Theory]
    [InlineData("2.0")]
    [InlineData("1.0")]
    public async Task Invoke_AnswerWithoutContentType_TextPlainUtf8(string format)
    {
        var answer = await CallAsync(new LambdaRequest { PayloadFormat = format }, FakeFunctionInvoker.Returning("""{"statusCode": 200, "body": "Hello, World!"}"""));

        Assert.Equal("text/plain; charset=utf-8", answer.Headers.ContentType);
        Assert.Equal("Hello, World!", answer.Body);
    }

    [Fact]
    public async Task Invoke_204WithABody_SendsNoBody()
    {
        var answer = await CallAsync(new LambdaRequest(), FakeFunctionInvoker.Returning("""{"statusCode": 204, "body": "ignored"}"""));

        Assert.Equal(204, answer.Status);
        Assert.Equal("", answer.Body);
    }

    [Fact]
    public async Task Invoke_ResponseParameters_MapTheFunctionsStatusAndHeaders()
    {
        var request = new LambdaRequest
        {
            ResponseParameters = new()
            {
                ["200"] = new Dictionary<string, string>
                {
                    ["overwrite:statuscode"] = "202",
                    ["append:header.x-origin"] = "gateway",
                    ["overwrite:header.x-copy"] = "$response.header.x-origin",
                    ["remove:header.x-secret"] = "''",
                },
            },
        };

        var answer = await CallAsync(request, FakeFunctionInvoker.Returning("""{"statusCode": 200, "headers": {"x-origin": "fn", "x-secret": "s"}, "body": "b"}"""));

        Assert.Equal(202, answer.Status);
        Assert.Equal("fn,gateway", answer.Headers["x-origin"]);
        Assert.Equal("fn", answer.Headers["x-copy"]);
        Assert.False(answer.Headers.ContainsKey("x-secret"));
        Assert.Equal("b", answer.Body);
    }

    [Fact]
    public async Task Invoke_Cors_ReplacesTheFunctionsCorsHeadersOnAnswersAndErrors()
    {
        var cors = new Cors { AllowOrigins = ["https://app.example"], ExposeHeaders = ["x-pet"] };
        var request = new LambdaRequest { Cors = cors, Headers = [("Origin", "https://app.example")] };

        var answer = await CallAsync(request, FakeFunctionInvoker.Returning("""{"statusCode": 200, "headers": {"Access-Control-Allow-Origin": "*"}}"""));
        var error = await CallAsync(request, FakeFunctionInvoker.Failing(new InvocationResult { Status = InvocationStatus.Throttled }));

        Assert.Equal("https://app.example", answer.Headers.AccessControlAllowOrigin);
        Assert.Equal("x-pet", answer.Headers.AccessControlExposeHeaders);
        Assert.Equal(500, error.Status);
        Assert.Equal("https://app.example", error.Headers.AccessControlAllowOrigin);
    }

    [Fact]
    public async Task Invoke_BodyOverTheLimit_413WithoutInvoking()
    {
        var (http, context, integration) = new LambdaRequest { Method = "POST" }.Build();
        http.Request.Body = new TooLargeBody();
        var invoker = FakeFunctionInvoker.Returning("""{"statusCode": 200}""");

        await new LambdaProxy(invoker, NullLogger.Instance).InvokeAsync(http, context, ReadOnlyMemory<char>.Empty, integration);

        Assert.Equal(413, http.Response.StatusCode);
        Assert.Empty(invoker.Calls);
    }

    /// <summary>A body Kestrel cuts off at the request size limit.</summary>
    private sealed class TooLargeBody : MemoryStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
    }
}
