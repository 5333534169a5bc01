using Gatehouse.Model.HttpApis;

namespace Gatehouse.UnitTests.Model;

public sealed class ParameterMappingTests
{
    [Fact]
    public void TryParseRequest_AppendHeaderFromQuery_Parses()
    {
        Assert.True(ParameterMapping.TryParseRequest("append:header.x-user", "$request.querystring.user", out var mapping, out var error), error);

        Assert.Equal(MappingAction.Append, mapping.Action);
        Assert.Equal(MappingTarget.Header, mapping.Target);
        Assert.Equal("x-user", mapping.Name);
        Assert.Equal([new MappingPart(MappingSource.RequestQueryString, "user")], mapping.Value.Parts);
    }

    [Fact]
    public void TryParseRequest_ConcatenatedValue_SplitsIntoParts()
    {
        Assert.True(ParameterMapping.TryParseRequest("overwrite:path", "/v2/${request.path.id}-${stageVariables.suffix}", out var mapping, out _));

        Assert.Equal(
            [
                new MappingPart(MappingSource.Literal, "/v2/"),
                new MappingPart(MappingSource.RequestPathParameter, "id"),
                new MappingPart(MappingSource.Literal, "-"),
                new MappingPart(MappingSource.StageVariable, "suffix"),
            ],
            mapping.Value.Parts);
    }

    [Fact]
    public void TryParseRequest_RemoveIgnoresValue()
    {
        Assert.True(ParameterMapping.TryParseRequest("remove:querystring.debug", "''", out var mapping, out _));
        Assert.Equal(MappingAction.Remove, mapping.Action);
        Assert.Empty(mapping.Value.Parts);
    }

    [Fact]
    public void TryParseResponse_StatusCode_Parses()
    {
        Assert.True(ParameterMapping.TryParseResponse("overwrite:statuscode", "204", out var mapping, out _));
        Assert.Equal(MappingTarget.StatusCode, mapping.Target);
        Assert.Equal("204", mapping.Value.Literal);
    }

    [Theory]
    [InlineData("set:header.x", "v", "must start with 'append:'")]
    [InlineData("append:header.Authorization", "v", "reserved")]
    [InlineData("overwrite:header.X-Amz-Date", "v", "reserved")]
    [InlineData("overwrite:header.x-forwarded-for", "v", "reserved")]
    [InlineData("append:path", "/x", "can only be overwritten")]
    [InlineData("overwrite:body", "/x", "Request mappings may change")]
    [InlineData("overwrite:header.x", "$request.nothing", "not a supported source")]
    [InlineData("overwrite:header.x", "$request.body.name", "not supported by Gatehouse yet")]
    [InlineData("overwrite:header.x", "${request.header.a", "unclosed")]
    [InlineData("overwrite:header.x", "$response.header.a", "only be used in response mappings")]
    [InlineData("overwrite:header.x", "", "must not be empty")]
    public void TryParseRequest_Invalid_ExplainsWhy(string key, string value, string expected)
    {
        Assert.False(ParameterMapping.TryParseRequest(key, value, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("overwrite:statuscode", "99", "between 200 and 599")]
    [InlineData("append:statuscode", "200", "can only be overwritten")]
    [InlineData("overwrite:querystring.x", "1", "Response mappings may change")]
    public void TryParseResponse_Invalid_ExplainsWhy(string key, string value, string expected)
    {
        Assert.False(ParameterMapping.TryParseResponse(key, value, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
