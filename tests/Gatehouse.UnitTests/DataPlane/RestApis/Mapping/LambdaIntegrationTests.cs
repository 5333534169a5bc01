using System.Text;
using Gatehouse.DataPlane.RestApis.Mapping;
using Gatehouse.Functions.Invocation;
using Gatehouse.Model.RestApis;
using Gatehouse.UnitTests.DataPlane.Lambda;
using static Gatehouse.UnitTests.DataPlane.RestApis.Mapping.MappingRequests;

namespace Gatehouse.UnitTests.DataPlane.RestApis.Mapping;

/// <summary>Given an AWS integration with a Lambda URI, the mapped body is the event and a function error's
/// errorMessage selects the integration response (handle-errors-in-lambda-integration).</summary>
public sealed class LambdaIntegrationTests
{
    private const string FunctionArn = "arn:aws:lambda:us-east-1:123456789012:function:GetStartedLambdaIntegration";
    private static readonly string[] StackTrace = ["at handler"];
    private const string Uri = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/" + FunctionArn + "/invocations";

    private static RestMappedIntegration Compile(IFunctionInvoker invoker, Dictionary<string, string>? templates = null, int timeout = 29000,
        string uri = Uri, params IntegrationResponse[] responses) =>
        RestMappedIntegration.Compile(new RestIntegration
        {
            Type = "AWS",
            HttpMethod = "POST",
            Uri = uri,
            RequestTemplates = templates,
            TimeoutInMillis = timeout,
            IntegrationResponses = Responses(responses.Length == 0 ? [Response("200")] : responses),
        }, new RestMappingOptions { FunctionInvoker = invoker });

    private static InvocationResult FunctionError(string errorMessage) => new()
    {
        Status = InvocationStatus.Completed,
        FunctionError = "Unhandled",
        Payload = Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new { errorMessage, errorType = "Exception", stackTrace = StackTrace })),
        RequestId = "lambda-req-1",
    };

    [Fact]
    public async Task InvokeAsync_RenderedTemplate_IsTheEventAndTheAnswerTheBody()
    {
        // getting-started-lambda-non-proxy-integration: the function's answer comes back as the method response body.
        var invoker = FakeFunctionInvoker.Returning("""{"greeting":"Good morning, John of Seattle. Happy Wednesday!"}""");
        const string Template = """
            #set($inputRoot = $input.path('$'))
            {"city": "$input.params('city')", "time": "$input.params('time')", "day": "$input.params('day')", "name": "$inputRoot.callerName"}
            """;
        var integration = Compile(invoker, new() { ["application/json"] = Template });
        var request = Request("""{ "callerName": "John" }""", headers: [("day", "Wednesday")], query: [("time", "morning")],
            path: new Dictionary<string, string> { ["city"] = "Seattle" });

        var outcome = await integration.InvokeAsync(request, CancellationToken.None);

        var (call, @event) = Assert.Single(invoker.Calls);
        Assert.Equal(FunctionArn, call.FunctionName);
        Assert.Equal("""{"city": "Seattle", "time": "morning", "day": "Wednesday", "name": "John"}""", @event.Trim());
        Assert.Equal(200, outcome.Response!.StatusCode);
        Assert.Equal("""{"greeting":"Good morning, John of Seattle. Happy Wednesday!"}""", Text(outcome.Response.Body));
        Assert.Equal("application/json", outcome.Response.ContentType);
        Assert.Equal(200, outcome.IntegrationStatus);
    }

    [Fact]
    public async Task InvokeAsync_NoTemplate_PassesTheBodyAsTheEvent()
    {
        var invoker = FakeFunctionInvoker.Returning("{}");

        await Compile(invoker).InvokeAsync(Request("""{"a":1}"""), CancellationToken.None);

        Assert.Equal("""{"a":1}""", Assert.Single(invoker.Calls).Event);
    }

    [Fact]
    public async Task InvokeAsync_EmptyBody_SendsAnEmptyObject()
    {
        var invoker = FakeFunctionInvoker.Returning("{}");

        await Compile(invoker).InvokeAsync(Request(httpMethod: "GET"), CancellationToken.None);

        Assert.Equal("{}", Assert.Single(invoker.Calls).Event);
    }

    [Theory]
    [InlineData("Malformed input ...", 400)]
    [InlineData("Error: Raising five hundred from within the Lambda function", 500)]
    [InlineData("something else", 200)]
    public async Task InvokeAsync_FunctionError_ErrorMessageSelectsTheResponse(string errorMessage, int expected)
    {
        var invoker = FakeFunctionInvoker.Failing(FunctionError(errorMessage));
        var integration = Compile(invoker, responses: [Response("200"), Response("400", "Malformed.*"), Response("500", ".*five hundred.*")]);

        var outcome = await integration.InvokeAsync(Request(), CancellationToken.None);

        Assert.Equal(expected, outcome.Response!.StatusCode);
        Assert.Contains(errorMessage, Text(outcome.Response.Body), StringComparison.Ordinal);
        Assert.Equal(errorMessage, outcome.IntegrationError);
        Assert.Equal("lambda-req-1", outcome.IntegrationRequestId);
    }

    [Fact]
    public async Task InvokeAsync_SuccessfulAnswer_TakesTheDefaultNotAnErrorPattern()
    {
        // botocore: "if the success response returns nothing and the error response returns some string, you could use
        // the .+ regex to match error response".
        var integration = Compile(FakeFunctionInvoker.Returning("""{"ok":true}"""), responses: [Response("200"), Response("400", ".+")]);

        var outcome = await integration.InvokeAsync(Request(), CancellationToken.None);

        Assert.Equal(200, outcome.Response!.StatusCode);
    }

    [Fact]
    public async Task InvokeAsync_ErrorMessageWithNewlines_DotDoesNotCrossThem()
    {
        var invoker = FakeFunctionInvoker.Failing(FunctionError("Error: bad input\nat line 3"));
        var integration = Compile(invoker, responses: [Response("200"), Response("400", "Error.*"), Response("422", "(?s)Error: bad.*")]);

        var outcome = await integration.InvokeAsync(Request(), CancellationToken.None);

        Assert.Equal(422, outcome.Response!.StatusCode);
    }

    [Fact]
    public async Task InvokeAsync_ErrorWithoutMatchOrDefault_IsAConfigurationError()
    {
        var integration = Compile(FakeFunctionInvoker.Failing(FunctionError("boom")), responses: [Response("400", "Malformed.*")]);

        var outcome = await integration.InvokeAsync(Request(), CancellationToken.None);

        Assert.Null(outcome.Response);
        Assert.Equal(RestIntegrationFailure.ConfigurationError, outcome.Failure);
    }

    [Fact]
    public async Task InvokeAsync_ResponseTemplateOverCustomError_GuideExample()
    {
        // handle-errors-in-lambda-integration: a custom error's JSON string read with $input.path('$.errorMessage').
        var invoker = FakeFunctionInvoker.Failing(FunctionError("""{"errorType":"InternalServerError","httpStatus":500}"""));
        var templates = new Dictionary<string, string> { ["application/json"] = "#set($e = $util.parseJson($input.path('$.errorMessage')))$e.errorType/$e.httpStatus" };
        var integration = Compile(invoker, responses: Response("500", ".*InternalServerError.*", templates: templates));

        var outcome = await integration.InvokeAsync(Request(), CancellationToken.None);

        Assert.Equal(500, outcome.Response!.StatusCode);
        Assert.Equal("InternalServerError/500", Text(outcome.Response.Body));
    }

    [Fact]
    public async Task InvokeAsync_FunctionSlowerThanTimeout_IsIntegrationTimeout()
    {
        var integration = Compile(new FakeFunctionInvoker { Hang = true }, timeout: 100);

        var outcome = await integration.InvokeAsync(Request(), CancellationToken.None);

        Assert.Equal(RestIntegrationFailure.Timeout, outcome.Failure);
    }

    [Theory]
    [InlineData(InvocationStatus.FunctionNotFound, 404)]
    [InlineData(InvocationStatus.Throttled, 429)]
    [InlineData(InvocationStatus.NotRunnable, 502)]
    public async Task InvokeAsync_LambdaRefusesTheInvocation_IsAnIntegrationFailure(InvocationStatus status, int lambdaStatus)
    {
        var integration = Compile(FakeFunctionInvoker.Failing(new InvocationResult { Status = status, ErrorMessage = "refused" }));

        var outcome = await integration.InvokeAsync(Request(), CancellationToken.None);

        Assert.Equal(RestIntegrationFailure.IntegrationFailure, outcome.Failure);
        Assert.Equal(500, outcome.Failure!.StatusCode);
        Assert.Equal(lambdaStatus, outcome.IntegrationStatus);
    }

    [Fact]
    public async Task InvokeAsync_EventTooLarge_IsRequestTooLarge()
    {
        var integration = Compile(FakeFunctionInvoker.Failing(new InvocationResult { Status = InvocationStatus.RequestTooLarge }));

        var outcome = await integration.InvokeAsync(Request(), CancellationToken.None);

        Assert.Equal(413, outcome.Failure!.StatusCode);
        Assert.Equal("Request Too Long", outcome.Failure.Message);
    }

    [Fact]
    public async Task InvokeAsync_FunctionNameFromStageVariable_InvokesTheStagesFunction()
    {
        var invoker = FakeFunctionInvoker.Returning("{}");
        var uri = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.fn}/invocations";
        var integration = Compile(invoker, uri: uri);

        await integration.InvokeAsync(Request(stageVariables: new Dictionary<string, string> { ["fn"] = "blue" }), CancellationToken.None);
        var unresolved = await integration.InvokeAsync(Request(), CancellationToken.None);

        Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:blue", Assert.Single(invoker.Calls).Request.FunctionName);
        Assert.Equal(RestIntegrationFailure.ConfigurationError, unresolved.Failure);
    }

    [Fact]
    public async Task InvokeAsync_AwsServiceOtherThanLambda_IsAConfigurationError()
    {
        var invoker = FakeFunctionInvoker.Returning("{}");
        var integration = Compile(invoker, uri: "arn:aws:apigateway:us-east-1:dynamodb:action/PutItem");

        var outcome = await integration.InvokeAsync(Request(), CancellationToken.None);

        Assert.Equal(RestIntegrationFailure.ConfigurationError, outcome.Failure);
        Assert.Empty(invoker.Calls);
    }

    [Fact]
    public async Task InvokeAsync_InvocationTypeEventMapped_QueuesTheEventAndAnswersTheDefault()
    {
        // set-up-lambda-integration-async: integration.request.header.X-Amz-Invocation-Type = 'Event'.
        var invoker = new QueueingFunctionInvoker();
        var integration = RestMappedIntegration.Compile(new RestIntegration
        {
            Type = "AWS",
            HttpMethod = "POST",
            Uri = Uri,
            RequestParameters = new Dictionary<string, string>
            {
                ["integration.request.header.X-Amz-Invocation-Type"] = "method.request.header.InvocationType",
                ["integration.request.header.X-Amz-Client-Context"] = "'eyJ9'",
            },
            IntegrationResponses = Responses(Response("200", templates: new() { ["application/json"] = """{"queued": true}""" })),
        }, new RestMappingOptions { FunctionInvoker = invoker });

        var queued = await integration.InvokeAsync(Request("""{"job":1}""", headers: [("InvocationType", "Event")]), CancellationToken.None);
        var sync = await integration.InvokeAsync(Request("""{"job":2}""", headers: [("InvocationType", "RequestResponse")]), CancellationToken.None);
        var dryRun = await integration.InvokeAsync(Request("""{"job":3}""", headers: [("InvocationType", "DryRun")]), CancellationToken.None);
        var invalid = await integration.InvokeAsync(Request("""{"job":4}""", headers: [("InvocationType", "Later")]), CancellationToken.None);

        var (request, @event) = Assert.Single(invoker.Queued);
        Assert.Equal("""{"job":1}""", @event);
        Assert.Equal("eyJ9", request.ClientContext);
        Assert.Equal(200, queued.Response!.StatusCode);
        Assert.Equal("""{"queued": true}""", Text(queued.Response.Body));
        Assert.Equal(202, queued.IntegrationStatus);
        Assert.Single(invoker.Invoked);
        Assert.Equal(200, sync.IntegrationStatus);
        Assert.Equal(204, dryRun.IntegrationStatus);
        Assert.Equal(RestIntegrationFailure.IntegrationFailure, invalid.Failure);
    }

    [Theory]
    [InlineData("Authorization")]
    [InlineData("Connection")]
    [InlineData("Expect")]
    [InlineData("Proxy-Authenticate")]
    [InlineData("TE")]
    [InlineData("Content-Length")]
    [InlineData("Transfer-Encoding")]
    public async Task InvokeAsync_MappedReservedHeader_IsAnswered500(string header)
    {
        // Recorded on AWS (test_apigateway_header_remapping_aws[AWS]): 500 {"message": "Internal server error"}.
        var invoker = FakeFunctionInvoker.Returning("{}");
        var integration = RestMappedIntegration.Compile(new RestIntegration
        {
            Type = "AWS",
            HttpMethod = "POST",
            Uri = Uri,
            RequestParameters = new Dictionary<string, string> { ["integration.request.header." + header] = "'x'" },
            IntegrationResponses = Responses(Response("200")),
        }, new RestMappingOptions { FunctionInvoker = invoker });

        var outcome = await integration.InvokeAsync(Request(), CancellationToken.None);

        Assert.Equal(RestIntegrationFailure.ConfigurationError, outcome.Failure);
        Assert.Empty(invoker.Calls);
    }

    [Fact]
    public async Task InvokeAsync_EventThatIsNotJson_IsRefusedBeforeTheFunctionRuns()
    {
        var invoker = FakeFunctionInvoker.Returning("{}");

        var outcome = await Compile(invoker).InvokeAsync(Request("<xml/>", headers: [("Content-Type", "application/xml")]), CancellationToken.None);

        Assert.Equal(RestIntegrationFailure.IntegrationFailure, outcome.Failure);
        Assert.Equal(400, outcome.IntegrationStatus);
        Assert.Empty(invoker.Calls);
    }
}
