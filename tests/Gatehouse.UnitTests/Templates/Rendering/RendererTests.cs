using Gatehouse.Templates;

namespace Gatehouse.UnitTests.Templates.Rendering;

/// <summary>Velocity 1.7's directives, references and expressions as API Gateway runs them.</summary>
public sealed class RendererTests
{
    [Theory]
    [InlineData("#set($a = 1)$a", "1")]
    [InlineData("#set($a = 'x')#set($b = \"${a}-y\")$b", "x-y")]
    [InlineData("#set( $a = \"v\" )${a}b", "vb")]
    [InlineData("#set($m = {})#set($m.k = 'v')$m.k", "v")]
    [InlineData("#set($l = [1, 2])#set($l[1] = 5)$l", "[1, 5]")]
    [InlineData("#set($m = {'a': {'b': 1}})#set($m.a.b = 2)$m", "{a={b=2}}")]
    public void Render_Set_AssignsVariablesPropertiesAndIndexes(string template, string expected) =>
        Assert.Equal(expected, Vtl.Render(template));

    [Fact]
    public void Render_SetToNull_KeepsThePreviousValueAsVelocity1() =>
        Assert.Equal("[1] [{k=v}]", Vtl.Render("#set($a = 1)#set($a = $nothing)[$a] #set($m = {'k': 'v'})#set($m.k = $nothing)[$m]"));

    [Fact]
    public void Render_SetToNullInsideForeach_KeepsTheLastFoundValue() =>
        // The user guide's warning: a #set whose right side is null does not clear the variable.
        Assert.Equal("a:1 b:1 ", Vtl.Render("""
            #set($rows = $util.parseJson('[{"name":"a","v":1},{"name":"b"}]'))
            #foreach($row in $rows)#set($v = $row.v)$row.name:$v #end
            """).TrimEnd('\n'));

    [Theory]
    [InlineData("#if(true)yes#end", "yes")]
    [InlineData("#if(false)yes#else no#end", " no")]
    [InlineData("#set($x = 2)#if($x == 1)one#elseif($x == 2)two#else other#end", "two")]
    [InlineData("#if($undefined)yes#else no#end", " no")]
    [InlineData("#if('')empty string is true#end", "empty string is true")]
    [InlineData("#if(0)zero is true#end", "zero is true")]
    [InlineData("#if(!$undefined)negated#end", "negated")]
    [InlineData("#if(not false and true)words#end", "words")]
    [InlineData("#if(false || true && !false)ops#end", "ops")]
    [InlineData("#if(false or false)x#{else}y#{end}", "y")]
    public void Render_If_FollowsVelocityTruth(string template, string expected) =>
        Assert.Equal(expected, Vtl.Render(template));

    [Theory]
    [InlineData("$math", "#set($math = 7 / 2)", "3")]
    [InlineData("$math", "#set($math = -7 / 2)", "-3")]
    [InlineData("$math", "#set($math = 7 % 3)", "1")]
    [InlineData("$math", "#set($math = 7.0 / 2)", "3.5")]
    [InlineData("$math", "#set($math = 1 + 2 * 3)", "7")]
    [InlineData("$math", "#set($math = (1 + 2) * 3)", "9")]
    [InlineData("$math", "#set($math = 0.1 + 0.2)", "0.30000000000000004")]
    [InlineData("$math", "#set($math = 2 - 5)", "-3")]
    [InlineData("$!math", "#set($math = 1 / 0)", "")]
    [InlineData("$math", "#set($math = 'a' + 1)", "a1")]
    [InlineData("$math", "#set($math = 'a' + $undefined.x)", "a$undefined.x")] // Velocity 1.7 concatenates an undefined side's text
    [InlineData("$math", "#set($math = 1 + 'b')", "1b")]
    [InlineData("[$!math]", "#set($math = 1 + $undefined)", "[]")]
    [InlineData("[$!math]", "#set($math = 1 + true)", "[]")]
    public void Render_Arithmetic_AsVelocity(string reference, string set, string expected) =>
        Assert.Equal(expected, Vtl.Render(set + reference));

    [Theory]
    [InlineData("1 == 1.0", true)]
    [InlineData("1 == '1'", true)] // Velocity 1.7 compares the strings of values of different types
    [InlineData("'a' == 'a'", true)]
    [InlineData("'a' != 'b'", true)]
    [InlineData("true == 'true'", true)]
    [InlineData("2 > 1", true)]
    [InlineData("2 <= 1", false)]
    [InlineData("1 lt 2", true)]
    [InlineData("'b' > 'a'", false)] // Velocity 1.7 orders numbers only
    [InlineData("$undefined == $alsoUndefined", true)]
    [InlineData("$undefined == ''", true)] // API Gateway: a missing value equals ""
    [InlineData("$undefined == 'x'", false)]
    [InlineData("[1, 2] == [1, 2]", true)]
    [InlineData("{'a': 1} == {'a': 1}", true)]
    [InlineData("1 eq 1 && 2 ne 3 && 3 ge 3 && 4 gt 3 && 3 le 3", true)]
    public void Render_Comparison_AsVelocity(string expression, bool expected) =>
        Assert.Equal(expected ? "T" : "F", Vtl.Render($"#if({expression})T#{{else}}F#end"));

    [Fact]
    public void Render_Foreach_ExposesIndexCountHasNextAndVelocityCount() =>
        Assert.Equal("0/1/true/1/true;1/2/true/2/false;2/3/false/3/false;",
            Vtl.Render("#foreach($x in ['a', 'b', 'c'])$foreach.index/$foreach.count/$foreach.hasNext/$velocityCount/$foreach.first;#end"));

    [Fact]
    public void Render_Foreach_GettersAsMethods() =>
        Assert.Equal("0,1,true,true,false;1,2,false,false,true;",
            Vtl.Render("#foreach($x in [1, 2])$foreach.getIndex(),$foreach.getCount(),$foreach.hasNext(),$foreach.isFirst(),$foreach.isLast();#end"));

    [Fact]
    public void Render_Foreach_LastAndParent() =>
        Assert.Equal("a0b0|a1b1L|", Vtl.Render("#foreach($a in [0, 1])#foreach($b in ['x'])a$foreach.parent.index#{end}" +
            "b$foreach.index#if($foreach.last)L#end|#end"));

    [Fact]
    public void Render_ForeachOverRange_CountsBothWays() =>
        Assert.Equal("1 2 3 | 3 2 1 | ", Vtl.Render("#foreach($i in [1..3])$i #end| #foreach($i in [3..1])$i #end| "));

    [Fact]
    public void Render_ForeachOverMap_IteratesValues() =>
        Assert.Equal("12", Vtl.Render("#foreach($v in {'a': 1, 'b': 2})$v#end"));

    [Fact]
    public void Render_ForeachOverNothing_RendersNothing() =>
        Assert.Equal("[]", Vtl.Render("[#foreach($v in $undefined)x#end#foreach($v in 'text')y#end]"));

    [Fact]
    public void Render_Foreach_RestoresTheLoopVariableAfterwards() =>
        Assert.Equal("ac:outer", Vtl.Render("#set($x = 'outer')#foreach($x in ['a', 'c'])$x#end:$x"));

    [Fact]
    public void Render_Break_EndsTheInnermostLoop() =>
        Assert.Equal("a1 a2 b1 b2 ", Vtl.Render("#foreach($o in ['a', 'b'])#foreach($i in [1..5])$o$i #if($i == 2)#break#end#end#end"));

    [Fact]
    public void Render_Stop_EndsTheTemplateKeepingItsOutput() =>
        Assert.Equal("before 1 2 ", Vtl.Render("before #foreach($i in [1..5])$i #if($i == 2)#stop#end#end after"));

    [Fact]
    public void Render_Define_RendersTheBlockWhereReferenced() =>
        Assert.Equal("Hello, Ann!Hello, Bob!", Vtl.Render("#define($greet)Hello, $name!#end#set($name = 'Ann')$greet #set($name = 'Bob')$greet"));

    [Fact]
    public void Render_Macro_BindsArguments() =>
        Assert.Equal("<a:1><b:2>", Vtl.Render("#macro(tag $name $value)<$name:$value>#end#tag('a' 1)#tag('b', 2)"));

    [Theory]
    [InlineData("a ## comment\nb", "a b")]
    [InlineData("a #* block\ncomment *#b", "a b")]
    [InlineData("#[[#set($x = 1) $x]]#", "#set($x = 1) $x")]
    [InlineData("a#set($x = 1)\nb", "ab")]
    public void Render_Comments_AndUnparsedContent(string template, string expected) =>
        Assert.Equal(expected, Vtl.Render(template));

    [Theory]
    [InlineData("$!undefined", "")]
    [InlineData("$!{undefined}", "")]
    [InlineData("${undefined}", "")]
    [InlineData("$undefined.property", "")]
    [InlineData("$undefined.method('x')", "")]
    public void Render_UndefinedReference_IsEmptyAsOnApiGateway(string template, string expected) =>
        Assert.Equal(expected, Vtl.Render(template));

    [Theory]
    [InlineData("$undefined", "$undefined")]
    [InlineData("${undefined}", "${undefined}")]
    [InlineData("$!undefined", "")]
    [InlineData("$a.b('c')", "$a.b('c')")]
    [InlineData("\"$x\"", "\"$x\"")]
    public void Render_UndefinedReference_StaysLiteralInVelocityMode(string template, string expected) =>
        Assert.Equal(expected, Vtl.Render(template, limits: TemplateLimits.Default with { UndefinedReferences = UndefinedReferences.Literal }));

    [Theory]
    [InlineData("#set($a = 'v')\\$a", "$a")]
    [InlineData("#set($a = 'v')\\\\$a", "\\v")]
    [InlineData("\\$undefined", "\\$undefined")]
    [InlineData("\\#if(true) x \\#end", "#if(true) x #end")]
    [InlineData("$ 5 and $10 and #notadirective and a\\b", "$ 5 and $10 and #notadirective and a\\b")]
    [InlineData("price: $", "price: $")]
    [InlineData("user@example.com #1", "user@example.com #1")]
    [InlineData("#if(true)a#{end}if #endif #elsewhere", "aif #endif #elsewhere")]
    public void Render_EscapesAndPlainDollarsAndHashes(string template, string expected) =>
        Assert.Equal(expected, Vtl.Render(template));

    [Theory]
    [InlineData("#set($n = 'x')#set($s = '$n')$s \"$n\"", "$n \"x\"")]
    [InlineData("#set($s = \"a\"\"b\")$s", "a\"b")]
    [InlineData("#set($s = 'it''s')$s", "it's")]
    [InlineData("#set($s = \"#if(true)yes#end\")$s", "yes")]
    [InlineData("#set($s = \"\\n\")$s", "\\n")] // Velocity keeps backslashes in string literals
    public void Render_StringLiterals_InterpolateOnlyInDoubleQuotes(string template, string expected) =>
        Assert.Equal(expected, Vtl.Render(template));

    [Theory]
    [InlineData("#set($l = [1, 'two', 3.5, true])$l", "[1, two, 3.5, true]")]
    [InlineData("#set($m = {'a': 1, \"b\": [1, 2], 'c': {}})$m", "{a=1, b=[1, 2], c={}}")]
    [InlineData("#set($l = [])$l", "[]")]
    [InlineData("$stageVariables['name'] ${stageVariables['name']} $stageVariables.name", "v v v")]
    [InlineData("#set($l = ['a', 'b'])$l[0]$l[-1]", "ab")]
    public void Render_ListsMapsAndIndexes_PrintJavaStyle(string template, string expected)
    {
        var context = new TemplateContext();
        context.StageVariables["name"] = "v";
        Assert.Equal(expected, Vtl.Render(template, context));
    }

    [Fact]
    public void Render_HyphenatedIdentifier_IsOneNameAsInVelocity1() =>
        Assert.Equal("1||x-y", Vtl.Render("#set($a-b = 1)#set($a = 'x')$a-b|$a-y|${a}-y"));

    [Fact]
    public void Render_SetAfterAReference_SwallowsTheSpacesBeforeIt() =>
        // Velocity 1.x's #set token begins with the spaces before it; other text keeps its spaces.
        Assert.Equal("ab c ", Vtl.Render("#set($a = 'a')$a   #set($b = 'b')$b c #set($c = 1)"));

    [Fact]
    public void Render_DirectiveLines_GobbleTheirLineBreaksAsVelocity1()
    {
        const string template = "{\n  #set($a = 1)\n  #if($a == 1)\n  \"a\": $a\n  #end\n}\n";

        // #set swallows its indentation and line; #if and #end swallow only their line break, not their indentation.
        Assert.Equal("{\n    \"a\": 1\n  }\n", Vtl.Render(template));
    }

    [Fact]
    public void Render_ElseOnItsOwnLine_SwallowsItsLineBreak() =>
        Assert.Equal("b\n", Vtl.Render("#if(false)\na\n#else\nb\n#end\n"));

    [Fact]
    public void Render_CarriageReturnLineBreaks_AreSwallowedToo() =>
        Assert.Equal("x\r\n", Vtl.Render("#set($a = 'x')\r\n#if(true)\r\n$a\r\n#end\r\n"));

    [Fact]
    public void Render_InlineDirectives_KeepSurroundingText() =>
        Assert.Equal("You selected: nothing.", Vtl.Render("You selected:#if($value) $value#else nothing#end."));

    [Fact]
    public void Render_SameTemplateTwice_StartsFromFreshVariables()
    {
        var template = Vtl.Parse("#if($seen)again#end#set($seen = true)first");

        Assert.Equal("first", template.Render(new TemplateContext()).Output);
        Assert.Equal("first", template.Render(new TemplateContext()).Output);
    }

    [Fact]
    public void Render_ConcurrentRenders_DoNotShareState()
    {
        var template = Vtl.Parse("#set($inputRoot = $input.path('$'))#foreach($i in $inputRoot.items)$i#end");

        Parallel.For(0, 64, i =>
        {
            var result = template.Render(new TemplateContext { Body = $$"""{"items":[{{i}},{{i}}]}""" });
            Assert.Equal($"{i}{i}", result.Output);
        });
    }
}
