using Gatehouse.DataPlane.Authorization.Jwt;

namespace Gatehouse.UnitTests.DataPlane.Authorization.Jwt;

public sealed class BearerTokenTests
{
    [Theory]
    [InlineData("a.b.c", "a.b.c")]
    [InlineData("Bearer a.b.c", "a.b.c")]
    [InlineData("bearer a.b.c", "a.b.c")]
    [InlineData("Bearer \t a.b.c ", "a.b.c")]
    [InlineData("Bearer", "")]
    [InlineData("Bearer ", "")]
    [InlineData("Bearera.b.c", "Bearera.b.c")]
    [InlineData("Basic x", "Basic x")]
    public void TryExtract_IdentityValue_TheToken(string identity, string expected)
    {
        Assert.True(BearerToken.TryExtract(identity, out var token));
        Assert.Equal(expected, token.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \t ")]
    public void TryExtract_AbsentOrBlank_False(string? identity)
    {
        Assert.False(BearerToken.TryExtract(identity, out _));
    }
}
