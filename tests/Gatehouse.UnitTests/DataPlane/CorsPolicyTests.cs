using Gatehouse.DataPlane.Cors;
using Gatehouse.Model.HttpApis;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.UnitTests.DataPlane;

public sealed class CorsPolicyTests
{
    private static DefaultHttpContext Preflight(string origin)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "OPTIONS";
        context.Request.Headers.Origin = origin;
        context.Request.Headers.AccessControlRequestMethod = "PUT";
        return context;
    }

    [Fact]
    public void WritePreflight_AllowedOrigin_AnswersWithConfiguredHeaders()
    {
        var policy = new CorsPolicy(new Cors
        {
            AllowOrigins = ["https://www.example.com"],
            AllowMethods = ["GET", "PUT"],
            AllowHeaders = ["authorization", "x-custom"],
            MaxAge = 300,
            AllowCredentials = true,
        });
        var context = Preflight("https://www.example.com");

        Assert.True(CorsPolicy.IsPreflight(context.Request));
        policy.WritePreflight(context);

        var headers = context.Response.Headers;
        Assert.Equal(204, context.Response.StatusCode);
        Assert.Equal("https://www.example.com", headers.AccessControlAllowOrigin);
        Assert.Equal("GET,PUT", headers.AccessControlAllowMethods);
        Assert.Equal("authorization,x-custom", headers.AccessControlAllowHeaders);
        Assert.Equal("300", headers.AccessControlMaxAge);
        Assert.Equal("true", headers.AccessControlAllowCredentials);
    }

    [Fact]
    public void WritePreflight_OtherOrigin_AnswersWithoutCorsHeaders()
    {
        var policy = new CorsPolicy(new Cors { AllowOrigins = ["https://www.example.com"], AllowMethods = ["GET"] });
        var context = Preflight("https://evil.example");

        policy.WritePreflight(context);

        Assert.Equal(204, context.Response.StatusCode);
        Assert.False(context.Response.Headers.ContainsKey("Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("*", "https://a.example", "*")]
    [InlineData("https://*", "https://a.example", "https://a.example")]
    [InlineData("https://*", "http://a.example", null)]
    [InlineData("http://localhost:3000", "http://localhost:3000", "http://localhost:3000")]
    public void ApplyToResponse_MatchesOrigins(string configured, string origin, string? expected)
    {
        var policy = new CorsPolicy(new Cors { AllowOrigins = [configured], ExposeHeaders = ["x-id"] });
        var context = new DefaultHttpContext();
        context.Request.Headers.Origin = origin;
        context.Response.Headers.AccessControlAllowOrigin = "https://from-backend.example";

        policy.ApplyToResponse(context);

        var allowed = context.Response.Headers.AccessControlAllowOrigin.ToString();
        Assert.Equal(expected ?? "", allowed);
        Assert.Equal(expected is null ? "" : "x-id", context.Response.Headers.AccessControlExposeHeaders.ToString());
    }

    [Fact]
    public void IsPreflight_PlainOptions_IsNot()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "OPTIONS";

        Assert.False(CorsPolicy.IsPreflight(context.Request));
    }
}
