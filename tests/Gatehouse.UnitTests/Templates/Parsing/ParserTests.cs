using Gatehouse.Templates;

namespace Gatehouse.UnitTests.Templates.Parsing;

/// <summary>Syntax errors are values with a line and a column, found when the template is stored.</summary>
public sealed class ParserTests
{
    [Theory]
    [InlineData("#if(true)x", 1, 1, "#if without #end")]
    [InlineData("x\n#end", 2, 1, "#end without a matching")]
    [InlineData("#foreach($x in $l)\n", 1, 1, "#foreach without #end")]
    [InlineData("#set($a = )", 1, 11, "unexpected ')'")]
    [InlineData("#set(a = 1)", 1, 6, "#set needs a reference")]
    [InlineData("#set($a 1)", 1, 9, "'='")]
    [InlineData("#if($a == 1", 1, 12, "#if( without ')'")]
    [InlineData("ok\n  #foreach($x $l)#end", 2, 15, "'in'")]
    [InlineData("#* never closed", 1, 1, "unterminated #* comment")]
    [InlineData("#set($s = \"open)", 1, 11, "unterminated string")]
    [InlineData("$a.b(", 1, 6, "an expression was expected")]
    [InlineData("#else", 1, 1, "#else without")]
    [InlineData("#if(true)#else#else#end", 1, 15, "#else after #else")]
    [InlineData("#parse('x.vm')", 1, 1, "#parse is not supported")]
    [InlineData("#include('x')", 1, 1, "#include is not supported")]
    [InlineData("#define(x)#end", 1, 9, "#define needs")]
    public void Parse_InvalidTemplate_ReportsWhereAndWhy(string source, int line, int column, string message)
    {
        var result = Template.Parse(source);

        Assert.False(result.Succeeded);
        Assert.Null(result.Template);
        var error = Assert.Single(result.Errors);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (error.Line, error.Column));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain text")]
    [InlineData("#{if}(true)x#{else}y#{end}")]
    [InlineData("$a.b.c().d('x', 1, [1..2], {'k': $v}, \"s$t\")[0]")]
    [InlineData("#if ($a)x#end")]
    [InlineData("#set($a = $b-1)")]
    public void Parse_ValidTemplate_Succeeds(string source)
    {
        var result = Template.Parse(source);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Empty(result.Errors);
        Assert.Equal(source, result.Template!.Source);
    }
}
