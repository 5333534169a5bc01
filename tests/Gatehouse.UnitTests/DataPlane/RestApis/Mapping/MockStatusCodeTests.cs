using Gatehouse.DataPlane.RestApis.Mapping;

namespace Gatehouse.UnitTests.DataPlane.RestApis.Mapping;

public sealed class MockStatusCodeTests
{
    [Theory]
    [InlineData("""{"statusCode": 200}""", 200)]
    [InlineData("""{"statusCode": 500}""", 500)]
    [InlineData("{statusCode: 200}", 200)] // CDK's CORS preflight template
    [InlineData("{ 'statusCode' : 404 }", 404)]
    [InlineData("""{"id": 42, "nested": {"statusCode": 1, "s": "}"}, "list": [1, {"a": "]"}], "statusCode": 201}""", 201)]
    [InlineData("\n{\n    \"statusCode\": 200\n  }\n", 200)]
    public void Read_TemplateOutputs_FindTheStatus(string body, int expected)
    {
        Assert.Equal(MockStatusRead.Found, MockStatusCode.Read(body, out var status));
        Assert.Equal(expected, status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n ")]
    public void Read_BlankBody_IsEmpty(string body)
    {
        Assert.Equal(MockStatusRead.Empty, MockStatusCode.Read(body, out _));
    }

    [Theory]
    [InlineData("""{"statusCode": "200"}""")]
    [InlineData("""{"statusCode": 200.5}""")]
    [InlineData("""{"message": "no status"}""")]
    [InlineData("""{"statusCode": 99}""")]
    [InlineData("not json")]
    [InlineData("""{"statusCode": 200""")]
    [InlineData("[200]")]
    public void Read_NoIntegerStatus_IsInvalid(string body)
    {
        Assert.Equal(MockStatusRead.Invalid, MockStatusCode.Read(body, out _));
    }
}
