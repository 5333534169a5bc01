using Gatehouse.Templates;

namespace Gatehouse.UnitTests.Templates.Rendering;

/// <summary>Java's String, Map and List methods as templates call them.</summary>
public sealed class MethodsTests
{
    [Theory]
    [InlineData("$s.length()|$e.length()|$e.isEmpty()|$s.isEmpty()", "12|0|true|false")]
    [InlineData("$s.substring(7)|$s.substring(0, 5)", "World|Hello")]
    [InlineData("$s.indexOf('o')|$s.indexOf('o', 5)|$s.lastIndexOf('o')|$s.indexOf('z')", "4|8|8|-1")]
    [InlineData("$s.replace('l', 'L')", "HeLLo, WorLd")]
    [InlineData("#set($t = 'ab')$t.replace('', '-')|$e.replace('', '-')|$t.replaceAll('', '-')", "-a-b-|-|-a-b-")]
    [InlineData("$s.replaceAll('[aeiou]', '*')", "H*ll*, W*rld")]
    [InlineData("$s.replaceAll('(\\w+), (\\w+)', '$2 $1')", "World Hello")]
    [InlineData("$s.replaceAll('o', '\\$')", "Hell$, W$rld")]
    [InlineData("$s.replaceFirst('l', 'L')", "HeLlo, World")]
    [InlineData("$s.toLowerCase()|$s.toUpperCase()", "hello, world|HELLO, WORLD")]
    [InlineData("[$p.trim()]", "[padded]")]
    [InlineData("$s.startsWith('Hell')|$s.endsWith('d')|$s.contains('lo, W')", "true|true|true")]
    [InlineData("$s.equals('Hello, World')|$s.equalsIgnoreCase('hello, world')|$s.equals(1)", "true|true|false")]
    [InlineData("$s.matches('H.*d')|$s.matches('Hello')|#set($d = '2024-01-02')$d.matches('\\d{4}-\\d{2}-\\d{2}')", "true|false|true")]
    [InlineData("$s.charAt(1)|$s.concat('!')", "e|Hello, World!")]
    [InlineData("$s.split(', ')|$s.split(', ').size()|$s.split(', ')[1]", "[Hello, World]|2|World")]
    [InlineData("#set($t = 'a,b,,c,,')$t.split(',')|#set($t = 'a,b,c')$t.split(',', 2)|$e.split(',').size()", "[a, b, , c]|[a, b,c]|1")]
    [InlineData("#set($t = 'abc')$t.split('')", "[a, b, c]")]
    [InlineData("#set($t = 'a1b22c')$t.split('\\d+')", "[a, b, c]")]
    [InlineData("#set($t = 'x.y')$t.replaceAll('\\Q.\\E', '-')", "x-y")]
    [InlineData("$s.hashCode()", "-505841268")]
    [InlineData("$s.toString()|$s.noSuchMethod()|$s.length", "Hello, World||")]
    public void Invoke_StringMethods_AsJava(string template, string expected)
    {
        var context = new TemplateContext();
        context.StageVariables["s"] = "Hello, World";
        context.StageVariables["e"] = "";
        context.StageVariables["p"] = " \t padded \n";
        var withVariables = "#set($s = $stageVariables.s)#set($e = $stageVariables.e)#set($p = $stageVariables.p)" + template;

        Assert.Equal(expected, Vtl.Render(withVariables, context));
    }

    [Theory]
    [InlineData("$m.size()|$m.isEmpty()|$m.get('a')|$m.a|$m['b']", "2|false|1|1|2")]
    [InlineData("$m.keySet()|$m.values()|$m.entrySet()", "[a, b]|[1, 2]|[a=1, b=2]")]
    [InlineData("#foreach($e in $m.entrySet())$e.key:$e.value,$e.getKey()#end", "a:1,ab:2,b")]
    [InlineData("$m.containsKey('a')|$m.containsKey('z')|$m.containsValue(2)", "true|false|true")]
    [InlineData("#set($old = $m.put('a', 9))$old $m", "1 {a=9, b=2}")]
    [InlineData("#set($x = $m.put('c', 3))$m|$m.remove('a')|$m", "{a=1, b=2, c=3}|1|{b=2, c=3}")]
    [InlineData("$m.getOrDefault('z', 'dflt')|$m.toString()", "dflt|{a=1, b=2}")]
    [InlineData("#set($x = $m.putAll({'z': 26}))$m.size()", "3")]
    public void Invoke_MapMethods_AsJava(string template, string expected) =>
        Assert.Equal(expected, Vtl.Render("#set($m = {'a': 1, 'b': 2})" + template));

    [Theory]
    [InlineData("$l.size()|$l.isEmpty()|$l.get(0)|$l[2]", "3|false|a|c")]
    [InlineData("$l.contains('b')|$l.contains('z')|$l.indexOf('c')|$l.lastIndexOf('z')", "true|false|2|-1")]
    [InlineData("#set($ok = $l.add('d'))$ok $l", "true [a, b, c, d]")]
    [InlineData("$l.add('d')", "true")]
    [InlineData("#set($x = $l.add(0, 'z'))$l", "[z, a, b, c]")]
    [InlineData("#set($x = $l.set(1, 'B'))$x $l", "b [a, B, c]")]
    [InlineData("#set($x = $l.remove(0))$x $l|$l.remove('c') $l", "a [b, c]|true [b]")]
    [InlineData("$l.subList(1, 3)|#set($x = $l.addAll(['d']))$l", "[b, c]|[a, b, c, d]")]
    [InlineData("$l.empty|#set($x = $l.clear())$l.empty", "false|true")]
    public void Invoke_ListMethods_AsJava(string template, string expected) =>
        Assert.Equal(expected, Vtl.Render("#set($l = ['a', 'b', 'c'])" + template));

    [Theory]
    [InlineData("#set($n = 5)$n.toString()|$n.doubleValue()|$n.equals(5)|$n.compareTo(7)", "5|5.0|true|-1")]
    [InlineData("#set($b = true)$b.toString()|$b.equals(true)", "true|true")]
    public void Invoke_NumberAndBooleanMethods_AsJava(string template, string expected) =>
        Assert.Equal(expected, Vtl.Render(template));

    [Theory]
    [InlineData("$s.substring(5)")]
    [InlineData("$s.substring(2, 1)")]
    [InlineData("$s.charAt(3)")]
    [InlineData("$l.get(1)")]
    [InlineData("$l[1]")]
    [InlineData("$s.replaceAll('(', 'x')")]
    [InlineData("$s.replaceAll('b', '$1')")]
    public void Invoke_WhatJavaWouldThrow_FailsTheRender(string expression)
    {
        var error = Vtl.Fail($"#set($s = 'abc')#set($l = ['a'])#set($x = {expression})");

        Assert.Equal(RenderErrorKind.EvaluationError, error.Kind);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void Invoke_CatastrophicRegex_EndsWithAnErrorInsteadOfHanging()
    {
        var limits = TemplateLimits.Default with { RegexTimeout = TimeSpan.FromMilliseconds(50) };
        var context = new TemplateContext { Body = new string('a', 40) + "!" };

        var error = Vtl.Fail("$input.body.matches('(a+)+$')", context, limits);

        Assert.Equal(RenderErrorKind.EvaluationError, error.Kind);
        Assert.Contains("time limit", error.Message, StringComparison.Ordinal);
    }
}
