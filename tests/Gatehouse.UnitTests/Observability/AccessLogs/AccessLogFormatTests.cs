using System.Text;
using Gatehouse.Observability.AccessLogs;
using Gatehouse.Observability.Logs;

namespace Gatehouse.UnitTests.Observability.AccessLogs;

public sealed class AccessLogFormatTests
{
    /// <summary>Values named after their variable, with a property when there is one; <see cref="Missing"/> ones absent.</summary>
    private readonly struct NamedValues(params ContextVariable[] missing) : IAccessLogValues
    {
        public ContextVariable[] Missing { get; } = missing;

        public bool TryAppend(StringBuilder builder, ContextVariable variable, string? property)
        {
            if (Missing.Contains(variable))
            {
                return false;
            }

            builder.Append('<').Append(variable);
            if (property is not null)
            {
                builder.Append(':').Append(property);
            }

            builder.Append('>');
            return true;
        }
    }

    [Fact]
    public void Render_ClfFormat_ReplacesEveryVariableAndKeepsTheText()
    {
        var format = AccessLogFormat.Parse(
            "$context.identity.sourceIp - - [$context.requestTime] \"$context.httpMethod $context.routeKey $context.protocol\" $context.status $context.responseLength $context.requestId");

        Assert.Empty(format.UnsupportedVariables);
        Assert.True(format.HasRequestId);
        Assert.Equal(
            "<IdentitySourceIp> - - [<RequestTime>] \"<HttpMethod> <RouteKey> <Protocol>\" <Status> <ResponseLength> <RequestId>",
            format.Render(new NamedValues()));
    }

    [Fact]
    public void Write_LinesShortAndLong_HandsTheWriterWhatRenderMakes()
    {
        var format = AccessLogFormat.Parse("$context.requestId \"$context.authorizer.claims.name\" $context.status");
        var longFormat = AccessLogFormat.Parse("$context.requestId $context.authorizer.claims." + new string('n', 2_000) + " ünï");
        var writer = new CapturingWriter();

        Assert.True(format.Write(writer, "g", "s", 7, new NamedValues()));
        Assert.True(longFormat.Write(writer, "g", "s", 8, new NamedValues()));
        Assert.True(format.Write(writer, "g", "s", 9, new NamedValues(ContextVariable.Status)));

        Assert.Equal(
            [format.Render(new NamedValues()), longFormat.Render(new NamedValues()), format.Render(new NamedValues(ContextVariable.Status))],
            writer.Lines);
        Assert.Equal("<RequestId> <AuthorizerClaim:".Length + 2_000 + "> ünï".Length, writer.Lines[1].Length);
    }

    /// <summary>Keeps what it is handed as strings (the span is only valid during the call).</summary>
    private sealed class CapturingWriter : ILogWriter
    {
        public List<string> Lines { get; } = [];

        public bool TryWrite(string logGroupName, string logStreamName, long timestamp, ReadOnlySpan<char> message)
        {
            Lines.Add(message.ToString());
            return true;
        }
    }

    [Fact]
    public void Render_ValueMissing_WritesDash()
    {
        var format = AccessLogFormat.Parse("{\"error\":\"$context.error.message\",\"id\":\"$context.requestId\"}");

        Assert.Equal("{\"error\":\"-\",\"id\":\"<RequestId>\"}", format.Render(new NamedValues(ContextVariable.ErrorMessage)));
    }

    [Theory]
    [InlineData("$context.integrationLatency", ContextVariable.IntegrationLatency)]
    [InlineData("$context.integration.latency", ContextVariable.IntegrationLatency)]
    [InlineData("$context.integrationErrorMessage", ContextVariable.IntegrationError)]
    [InlineData("$context.integration.error", ContextVariable.IntegrationError)]
    [InlineData("$context.integrationStatus", ContextVariable.IntegrationServiceStatus)]
    [InlineData("$context.integration.integrationStatus", ContextVariable.IntegrationServiceStatus)]
    [InlineData("$context.integration.status", ContextVariable.IntegrationStatus)]
    [InlineData("$context.extendedRequestId", ContextVariable.ExtendedRequestId)]
    [InlineData("$context.identity.clientCert.validity.notAfter", ContextVariable.IdentityClientCertNotAfter)]
    public void Parse_DocumentedNameOrAlias_CompilesToItsVariable(string text, ContextVariable expected)
    {
        Assert.Equal($"<{expected}>", AccessLogFormat.Parse(text).Render(new NamedValues()));
    }

    [Fact]
    public void Parse_AuthorizerValuesAndClaims_CarryTheirName()
    {
        var format = AccessLogFormat.Parse("$context.authorizer.tenant $context.authorizer.claims.sub $context.authorizer.principalId $context.authorizer.error");

        Assert.Empty(format.UnsupportedVariables);
        Assert.Equal("<AuthorizerProperty:tenant> <AuthorizerClaim:sub> <AuthorizerPrincipalId> <AuthorizerError>", format.Render(new NamedValues()));
    }

    [Fact]
    public void Parse_RestOnlyAndUnknownVariables_ListsThemAsWritten()
    {
        var format = AccessLogFormat.Parse("$context.requestId $context.resourcePath $context.xrayTraceId $context.nope $context.status");

        Assert.Equal(["$context.resourcePath", "$context.xrayTraceId", "$context.nope"], format.UnsupportedVariables.ToArray());
    }

    [Fact]
    public void Parse_DotAfterVariable_IsText()
    {
        var format = AccessLogFormat.Parse("done: $context.status. id $context.requestId.");

        Assert.Equal("done: <Status>. id <RequestId>.", format.Render(new NamedValues()));
    }

    [Fact]
    public void Parse_ContextWithoutName_IsText()
    {
        Assert.Equal("cost $context. $ <RequestId>", AccessLogFormat.Parse("cost $context. $ $context.requestId").Render(new NamedValues()));
    }

    [Fact]
    public void HasRequestId_FormatWithoutEitherId_IsFalse()
    {
        Assert.False(AccessLogFormat.Parse("$context.status").HasRequestId);
        Assert.True(AccessLogFormat.Parse("$context.extendedRequestId").HasRequestId);
    }

    [Theory]
    [InlineData("arn:aws:logs:us-east-1:000000000000:log-group:access", "access")]
    [InlineData("arn:aws:logs:us-east-1:000000000000:log-group:/aws/http-api/demo:*", "/aws/http-api/demo")]
    public void TryParseLogGroup_LogGroupArn_ReturnsTheName(string arn, string expected)
    {
        Assert.True(AccessLogDestination.TryParseLogGroup(arn, out var name));
        Assert.Equal(expected, name);
    }

    [Theory]
    [InlineData("arn:aws:firehose:us-east-1:000000000000:deliverystream/amazon-apigateway-x")]
    [InlineData("arn:aws:logs:us-east-1:000000000000:log-group:")]
    [InlineData("log-group:access")]
    [InlineData(null)]
    public void TryParseLogGroup_OtherArn_IsFalse(string? arn)
    {
        Assert.False(AccessLogDestination.TryParseLogGroup(arn, out _));
    }
}
