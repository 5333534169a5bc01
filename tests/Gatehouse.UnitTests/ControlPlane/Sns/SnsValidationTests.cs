using Gatehouse.ControlPlane;
using Gatehouse.ControlPlane.Protocols;
using Gatehouse.ControlPlane.Sns;

namespace Gatehouse.UnitTests.ControlPlane.Sns;

public sealed class SnsValidationTests
{
    private static string ErrorOf(Action action)
    {
        var error = Assert.Throws<AwsException>(action);
        Assert.Equal(400, error.StatusCode);
        Assert.Equal("InvalidParameter", error.ErrorType);
        return error.Message;
    }

    [Theory]
    [InlineData("alarms")]
    [InlineData("A-b_9")]
    public void TopicName_Valid_IsReturned(string name) => Assert.Equal(name, SnsValidation.TopicName(name));

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("dots.not.allowed")]
    public void TopicName_Invalid_IsInvalidTopicName(string name) =>
        Assert.Equal("Invalid parameter: Topic Name", ErrorOf(() => SnsValidation.TopicName(name)));

    [Fact]
    public void TopicName_TooLong_IsInvalidTopicName() =>
        Assert.Equal("Invalid parameter: Topic Name", ErrorOf(() => SnsValidation.TopicName(new string('a', 257))));

    [Fact]
    public void TopicName_Fifo_IsRefusedAsNotSupported() =>
        Assert.Equal("Invalid parameter: Name Reason: Gatehouse does not support FIFO topics yet", ErrorOf(() => SnsValidation.TopicName("orders.fifo")));

    [Fact]
    public void TopicName_Missing_SaysNoValue() =>
        Assert.Equal("Invalid parameter: Name Reason: no value for required parameter", ErrorOf(() => SnsValidation.TopicName(null)));

    [Theory]
    [InlineData("nope", "Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1")]
    [InlineData("arn:aws:sns:eu-west-1:000000000000:alarms", "Invalid parameter: TopicArn")]
    [InlineData("arn:aws:sqs:us-east-1:000000000000:alarms", "Invalid parameter: TopicArn")]
    [InlineData("arn:aws:sns:us-east-1:000000000000:alarms:extra", "Invalid parameter: TopicArn")]
    public void ParseTopic_Invalid_AnswersAsSns(string arn, string expected) =>
        Assert.Equal(expected, ErrorOf(() => SnsArns.ParseTopic(arn, "us-east-1")));

    [Fact]
    public void ParseTopic_Valid_ReturnsTheName() =>
        Assert.Equal("alarms", SnsArns.ParseTopic("arn:aws:sns:us-east-1:000000000000:alarms", "us-east-1"));

    [Theory]
    [InlineData("pending confirmation", "Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6 elements, not 1")]
    [InlineData("arn:aws:sns:us-east-1:000000000000:alarms", "Invalid parameter: SubscriptionId")]
    public void ParseSubscription_Invalid_AnswersAsSns(string arn, string expected) =>
        Assert.Equal(expected, ErrorOf(() => SnsArns.ParseSubscription(arn)));

    [Theory]
    [InlineData("DisplayName", "x", "x")]
    [InlineData("SignatureVersion", "2", "2")]
    [InlineData("Policy", "{\"Version\":\"2012-10-17\"}", "{\"Version\":\"2012-10-17\"}")]
    [InlineData("FifoTopic", "false", null)]
    [InlineData("TracingConfig", "PassThrough", null)]
    [InlineData("DeliveryPolicy", "", null)]
    [InlineData("Policy", "", null)]
    public void TopicAttribute_Accepted_ReturnsWhatIsStored(string name, string value, string? expected) =>
        Assert.Equal(expected, SnsValidation.TopicAttribute(name, value));

    [Theory]
    [InlineData("Nope", "x", "Invalid parameter: AttributeName")]
    [InlineData("SignatureVersion", "3", "Invalid parameter: SignatureVersion")]
    [InlineData("Policy", "{", "Invalid parameter: Policy Error: the policy is not valid JSON")]
    [InlineData("FifoTopic", "true", "Invalid parameter: FifoTopic Reason: Gatehouse does not support FIFO topics yet")]
    [InlineData("KmsMasterKeyId", "alias/aws/sns", "Invalid parameter: KmsMasterKeyId Reason: Gatehouse does not support server-side encryption of topics yet")]
    [InlineData("DeliveryPolicy", "{\"http\":{\"defaultHealthyRetryPolicy\":{\"numRetries\":101}}}", "Invalid parameter: DeliveryPolicy: numRetries must be between 0 and 100")]
    public void TopicAttribute_Refused_NamesTheAttribute(string name, string value, string expected) =>
        Assert.Equal(expected, ErrorOf(() => SnsValidation.TopicAttribute(name, value)));

    [Fact]
    public void Tags_DuplicateKeys_AreRefused() =>
        Assert.Equal("Invalid parameter: Duplicated keys are not allowed.",
            ErrorOf(() => SnsValidation.Tags(QueryRequest.Parse("Tags.member.1.Key=a&Tags.member.1.Value=1&Tags.member.2.Key=a&Tags.member.2.Value=2"))));

    [Theory]
    [InlineData("")]
    [InlineData("line\nbreak")]
    [InlineData("caf\u00e9")]
    public void Subject_Invalid_IsInvalidSubject(string subject) =>
        Assert.Equal("Invalid parameter: Subject", ErrorOf(() => SnsValidation.Subject(subject)));

    [Fact]
    public void Subject_HundredCharacters_IsTooLong()
    {
        Assert.Equal(new string('s', 99), SnsValidation.Subject(new string('s', 99)));
        Assert.Equal("Invalid parameter: Subject", ErrorOf(() => SnsValidation.Subject(new string('s', 100))));
    }

    [Fact]
    public void MessageAttributes_Map_ReadsEveryEntry()
    {
        var attributes = SnsValidation.MessageAttributes(QueryRequest.Parse(
            "MessageAttributes.entry.1.Name=color&MessageAttributes.entry.1.Value.DataType=String&MessageAttributes.entry.1.Value.StringValue=blue" +
            "&MessageAttributes.entry.2.Name=n&MessageAttributes.entry.2.Value.DataType=Number.int&MessageAttributes.entry.2.Value.StringValue=42" +
            "&MessageAttributes.entry.3.Name=b&MessageAttributes.entry.3.Value.DataType=Binary&MessageAttributes.entry.3.Value.BinaryValue=AQI%3D"));
        Assert.Equal([new("color", "String", "blue"), new("n", "Number.int", "42"), new("b", "Binary", "AQI=")], attributes);
    }

    [Theory]
    [InlineData("Name=a&Value.DataType=Text&Value.StringValue=x", "Invalid parameter: MessageAttributes Reason: The message attribute 'a' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.")]
    [InlineData("Name=a&Value.DataType=String", "Invalid parameter: MessageAttributes Reason: The message attribute 'a' must contain non-empty message attribute value for message attribute type 'String'.")]
    [InlineData("Name=a&Value.DataType=Number&Value.StringValue=x", "Invalid parameter: MessageAttributes Reason: Could not cast message attribute 'a' value to number.")]
    [InlineData("Name=AWS.x&Value.DataType=String&Value.StringValue=x", "Invalid parameter: MessageAttributes Reason: The message attribute name 'AWS.x' is invalid.")]
    public void MessageAttributes_Invalid_AnswersAsSns(string entry, string expected)
    {
        var query = string.Join('&', entry.Split('&').Select(part => "MessageAttributes.entry.1." + part));
        Assert.Equal(expected, ErrorOf(() => SnsValidation.MessageAttributes(QueryRequest.Parse(query))));
    }

    [Fact]
    public void PageToken_RoundTrips_AndGarbageIsInvalid()
    {
        const string arn = "arn:aws:sns:us-east-1:000000000000:a-b_c";
        Assert.Equal(arn, SnsValidation.AfterToken(SnsValidation.PageToken(arn)));
        Assert.Null(SnsValidation.AfterToken(null));
        Assert.Equal("Invalid parameter: NextToken", ErrorOf(() => SnsValidation.AfterToken("!!")));
        Assert.Equal("Invalid parameter: NextToken", ErrorOf(() => SnsValidation.AfterToken("aGVsbG8")));
    }

    [Fact]
    public void PublishSize_MessageAndAttributes_CountsUtf8Bytes() =>
        Assert.Equal(2 + 1 + 6 + 1, SnsValidation.PublishSize("\u00e9", [new("a", "String", "x")]));
}
