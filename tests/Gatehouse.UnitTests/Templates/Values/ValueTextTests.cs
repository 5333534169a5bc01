using Gatehouse.Templates;

namespace Gatehouse.UnitTests.Templates.Values;

/// <summary>Numbers print as Java prints them; maps and lists as Java's collections do.</summary>
public sealed class ValueTextTests
{
    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(1990.19, "1990.19")]
    [InlineData(0.001, "0.001")]
    [InlineData(0.0001, "1.0E-4")]
    [InlineData(1234567.0, "1234567.0")]
    [InlineData(12345678.0, "1.2345678E7")]
    [InlineData(1e21, "1.0E21")]
    [InlineData(-2.5e-7, "-2.5E-7")]
    [InlineData(0.0, "0.0")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(100.0, "100.0")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    public void FormatDouble_AsJavaDoubleToString(double value, string expected) =>
        Assert.Equal(expected, TemplateValues.FormatDouble(value));

    [Theory]
    [InlineData("""{"big":1e3}""", "1000.0")]
    [InlineData("""{"big":-0}""", "0")]
    public void JsonNumbers_KeepTheirKind(string body, string expected) =>
        Assert.Equal(expected, Vtl.Render("$input.path('$.big')", body));

    [Fact]
    public void SelfContainingCollections_PrintAsJavaDoes() =>
        Assert.Equal("{me=(this Map)} [(this Collection)]",
            Vtl.Render("#set($m = {})#set($x = $m.put('me', $m))#set($l = [])#set($x = $l.add($l))$m $l"));

    [Fact]
    public void DeeplyNestedValue_FailsInsteadOfOverflowingTheStack()
    {
        var body = new string('[', 90) + new string(']', 90);
        var template = "#set($l = $input.path('$'))#foreach($i in [1..30])#set($x = [$l])#set($l = $x)#end$l";

        Assert.Equal(RenderErrorKind.DepthExceeded, Vtl.Fail(template, new TemplateContext { Body = body }).Kind);
    }

    [Fact]
    public void TemplateMap_RefusesForeignObjects() =>
        Assert.Throws<ArgumentException>(() => new TemplateMap()["x"] = new Uri("http://example.com"));
}
