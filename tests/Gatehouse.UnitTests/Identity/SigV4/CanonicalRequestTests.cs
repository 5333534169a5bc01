using Gatehouse.Identity.SigV4;

namespace Gatehouse.UnitTests.Identity.SigV4;

/// <summary>The canonical request's parts, as AWS computes them for every service but S3.</summary>
public sealed class CanonicalRequestTests
{
    private static string Uri(string rawPath)
    {
        var builder = new ByteBuilder(new byte[16]);
        CanonicalRequest.AppendUri(ref builder, rawPath);
        return builder.ToString();
    }

    private static string Query(string rawQuery, string? exclude = null)
    {
        var builder = new ByteBuilder(new byte[16]);
        CanonicalRequest.AppendQuery(ref builder, rawQuery, exclude);
        return builder.ToString();
    }

    private static string HeaderValue(string value)
    {
        var builder = new ByteBuilder(new byte[4]);
        CanonicalRequest.AppendHeaderValue(ref builder, value);
        return builder.ToString();
    }

    [Theory]
    [InlineData("", "/")]
    [InlineData("/", "/")]
    [InlineData("/production/@connections/c1", "/production/%40connections/c1")]          // CLI: @ sent raw, signed %40
    [InlineData("/v2/apis/abc123/routes/a%20b%2Fc", "/v2/apis/abc123/routes/a%2520b%252Fc")] // CLI: escaped id encoded again
    [InlineData("/a/b/../c", "/a/c")]
    [InlineData("/a/./b/", "/a/b/")]
    [InlineData("/../a", "/a")]
    [InlineData("/a/..", "/")]
    [InlineData("//a//b//", "/a/b/")]
    [InlineData("/%2E%2E/a", "/%252E%252E/a")]                                              // an escaped dot is not a dot segment
    [InlineData("/caf\u00e9/\U0001F600", "/caf%C3%A9/%F0%9F%98%80")]
    [InlineData("/a+b=c:d,e;f!g*h'i(j)$~", "/a%2Bb%3Dc%3Ad%2Ce%3Bf%21g%2Ah%27i%28j%29%24~")]
    public void AppendUri_RawPath_NormalisedAndEncodedOnceMore(string rawPath, string expected) => Assert.Equal(expected, Uri(rawPath));

    [Theory]
    [InlineData("", "")]
    [InlineData("b=2&a=1", "a=1&b=2")]
    [InlineData("a=2&a=10&a=1", "a=1&a=10&a=2")]                     // same name: byte order of the values
    [InlineData("flag&x=", "flag=&x=")]                            // no '=': empty value
    [InlineData("a=1&&b=2&", "a=1&b=2")]                           // empty pieces skipped
    [InlineData("q=a%20b&r=a+b", "q=a%20b&r=a%2Bb")]                 // '+' is a literal plus
    [InlineData("k=%7e%2f%2F~", "k=~%2F%2F~")]                     // escapes normalised: unreserved decoded, hex upper-cased
    [InlineData("k=a b&k=%", "k=%25&k=a%20b")]                     // raw space and a lone '%' encoded
    [InlineData("Param-3=3&Param=2&%E1%88%B4=1", "%E1%88%B4=1&Param=2&Param-3=3")] // by name, then value, not by "name=value"
    [InlineData("\u00e9=1", "%C3%A9=1")]
    public void AppendQuery_RawQuery_SortedAndCanonicallyEncoded(string rawQuery, string expected) => Assert.Equal(expected, Query(rawQuery));

    [Fact]
    public void AppendQuery_Presigned_LeavesOutTheSignature() =>
        Assert.Equal("X-Amz-Date=1&a=1", Query("a=1&X-Amz-Signature=abc&X-Amz-Date=1", exclude: "X-Amz-Signature"));

    [Fact]
    public void AppendQuery_ManyParameters_SortedWithoutTheStackBuffer()
    {
        var pairs = Enumerable.Range(0, 100).Reverse().Select(i => $"p{i:D3}={i}").ToArray();

        Assert.Equal(string.Join('&', pairs.Order(StringComparer.Ordinal)), Query(string.Join('&', pairs)));
    }

    [Theory]
    [InlineData("value", "value")]
    [InlineData("  padded \t", "padded")]
    [InlineData("\"a   b   c\"", "\"a b c\"")]
    [InlineData("value1\n  value2\n     value3", "value1 value2 value3")]
    [InlineData("a,b", "a,b")]
    public void AppendHeaderValue_Value_TrimmedAndCollapsed(string value, string expected) => Assert.Equal(expected, HeaderValue(value));
}
