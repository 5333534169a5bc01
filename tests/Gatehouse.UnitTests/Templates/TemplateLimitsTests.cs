using Gatehouse.Templates;

namespace Gatehouse.UnitTests.Templates;

/// <summary>A runaway template ends with an error, never a hang, a stack overflow or an unbounded allocation.</summary>
public sealed class TemplateLimitsTests
{
    [Fact]
    public void Foreach_OverMoreItemsThanTheLimit_FailsWithLoopLimit()
    {
        var error = Vtl.Fail("#foreach($i in [1..1001])$i#end");

        Assert.Equal(RenderErrorKind.LoopLimitExceeded, error.Kind);
        Assert.Equal(500, error.StatusCode);
        Assert.Equal("""{"message": "Internal server error"}""", error.Body);
    }

    [Fact]
    public void Foreach_AtTheLimit_Renders() =>
        Assert.Equal(1000, Vtl.Render("#foreach($i in [1..1000])x#end").Length);

    [Fact]
    public void NestedLoops_StopAtTheStepLimit()
    {
        var error = Vtl.Fail("#foreach($a in [1..1000])#foreach($b in [1..1000])#foreach($c in [1..1000])x#end#end#end");

        Assert.Equal(RenderErrorKind.StepLimitExceeded, error.Kind);
    }

    [Fact]
    public void DoublingString_StopsAtTheOutputLimit()
    {
        var limits = TemplateLimits.Default with { MaxOutputLength = 1 << 16 };

        var error = Vtl.Fail("#set($s = 'ab')#foreach($i in [1..40])#set($s = \"$s$s\")#end$s", limits: limits);

        Assert.Equal(RenderErrorKind.OutputTooLarge, error.Kind);
    }

    [Fact]
    public void Output_LongerThanTheLimit_Fails()
    {
        var limits = TemplateLimits.Default with { MaxOutputLength = 100 };

        Assert.Equal(RenderErrorKind.OutputTooLarge, Vtl.Fail("#foreach($i in [1..200])x#end", limits: limits).Kind);
    }

    [Theory]
    [InlineData("$t.replace('a', $t)")]
    [InlineData("$t.replaceAll('a', $t)")]
    [InlineData("$t.replace('', $t)")]
    public void MultiplyingReplacement_StopsAtTheOutputLimit(string expression)
    {
        var limits = TemplateLimits.Default with { MaxOutputLength = 1000 };

        var error = Vtl.Fail($"#set($s = 'aaaaaaaaaa')#set($t = $s.replace('a', $s))#set($u = {expression})", limits: limits);

        Assert.Equal(RenderErrorKind.OutputTooLarge, error.Kind);
    }

    [Fact]
    public void SearchesThroughLongLists_CountAgainstTheSteps()
    {
        var limits = TemplateLimits.Default with { MaxSteps = 100_000 };

        var error = Vtl.Fail("#set($l = [1..5000])#foreach($i in [1..1000])#set($x = $l.contains(-1))#end", limits: limits);

        Assert.Equal(RenderErrorKind.StepLimitExceeded, error.Kind);
    }

    [Fact]
    public void HugeRange_FailsBeforeAllocating() =>
        Assert.Equal(RenderErrorKind.OutputTooLarge, Vtl.Fail("#set($r = [1..2000000000])").Kind);

    [Fact]
    public void GrowingList_StopsAtTheCollectionLimit()
    {
        var limits = TemplateLimits.Default with { MaxCollectionSize = 500 };

        var error = Vtl.Fail("#set($l = [])#foreach($i in [1..1000])#set($x = $l.add($i))#end", limits: limits);

        Assert.Equal(RenderErrorKind.OutputTooLarge, error.Kind);
    }

    [Fact]
    public void SelfReferencingDefine_FailsWithDepth()
    {
        var error = Vtl.Fail("#define($a)x$a#end$a");

        Assert.Equal(RenderErrorKind.DepthExceeded, error.Kind);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void RecursiveMacro_FailsWithDepth() =>
        Assert.Equal(RenderErrorKind.DepthExceeded, Vtl.Fail("#macro(m $n)#m($n)#end#m(1)").Kind);

    [Fact]
    public void Parse_DeeplyNestedSource_IsAnErrorNotAStackOverflow()
    {
        var nestedIfs = string.Concat(Enumerable.Repeat("#if(true)", 5000)) + string.Concat(Enumerable.Repeat("#end", 5000));
        var nestedParens = "#set($x = " + new string('(', 5000) + "1" + new string(')', 5000) + ")";
        var nestedLists = "#set($x = " + new string('[', 5000) + new string(']', 5000) + ")";

        foreach (var source in new[] { nestedIfs, nestedParens, nestedLists })
        {
            var result = Template.Parse(source);
            Assert.False(result.Succeeded);
            Assert.Contains("nests deeper", result.Errors[0].Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Render_UnboundedRecursionWithLimitsRaised_EndsBeforeTheStackDoes()
    {
        var limits = TemplateLimits.Default with { MaxCallDepth = int.MaxValue, MaxSteps = long.MaxValue };

        Assert.Equal(RenderErrorKind.DepthExceeded, Vtl.Fail("#macro(m $n)#if(true)#m($n)#end#end#m(1)", limits: limits).Kind);
    }

    [Fact]
    public void Parse_DeepNestingWithTheLimitRaised_EndsBeforeTheStackDoes()
    {
        var limits = TemplateLimits.Default with { MaxNestingDepth = int.MaxValue, MaxTemplateLength = int.MaxValue };
        var source = string.Concat(Enumerable.Repeat("#if(true)", 200_000));

        var result = Template.Parse(source, limits);

        Assert.False(result.Succeeded);
    }

    [Fact]
    public void Parse_TemplateLongerThan300KB_IsAnError()
    {
        var result = Template.Parse(new string('x', 300 * 1024 + 1));

        Assert.False(result.Succeeded);
    }

    [Fact]
    public void Render_ErrorCarriesTheLineOfTheFailingDirective()
    {
        var error = Vtl.Fail("line one\n#set($s = 'abc')\n#set($x = $s.substring(9))\n");

        Assert.Equal(3, error.Line);
        Assert.Equal(1, error.Column);
    }
}
