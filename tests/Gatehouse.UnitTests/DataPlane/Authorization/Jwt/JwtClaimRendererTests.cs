using System.Text.Json;
using Gatehouse.DataPlane.Authorization.Jwt;

namespace Gatehouse.UnitTests.DataPlane.Authorization.Jwt;

/// <summary>AWS hands claims to integrations as strings, rendered as Go's fmt renders the decoded JSON.</summary>
public sealed class JwtClaimRendererTests
{
    [Theory]
    [InlineData("\"user-1\"", "user-1")]
    [InlineData("\"\"", "")]
    [InlineData("\"a \\\"quoted\\\" é\"", "a \"quoted\" é")]
    [InlineData("1612061676", "1612061676")]
    [InlineData("9999999999", "9999999999")]
    [InlineData("1.5", "1.5")]
    [InlineData("-3", "-3")]
    [InlineData("true", "true")]
    [InlineData("false", "false")]
    [InlineData("[\"Admin\",\"Merchant\",\"Remarketer\"]", "[Admin Merchant Remarketer]")]
    [InlineData("[]", "[]")]
    [InlineData("[1,true,\"x\",null]", "[1 true x <nil>]")]
    [InlineData("[[\"a\",\"b\"],[\"c\"]]", "[[a b] [c]]")]
    [InlineData("{\"key\":\"value\"}", "map[key:value]")]
    [InlineData("{\"b\":2,\"a\":[1,2],\"c\":{\"d\":null}}", "map[a:[1 2] b:2 c:map[d:<nil>]]")]
    [InlineData("{}", "map[]")]
    [InlineData("[{\"k\":\"v\"}]", "[map[k:v]]")]
    public void Render_JsonValue_AwsString(string json, string expected)
    {
        using var document = JsonDocument.Parse(json);

        Assert.Equal(expected, JwtClaimRenderer.Render(document.RootElement));
    }

    [Fact]
    public void Render_Null_LeftOut()
    {
        using var document = JsonDocument.Parse("null");

        Assert.Null(JwtClaimRenderer.Render(document.RootElement));
    }
}
