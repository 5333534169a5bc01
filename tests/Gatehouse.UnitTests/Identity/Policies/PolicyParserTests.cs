using System.Text.Json;
using Gatehouse.Identity.Policies;

namespace Gatehouse.UnitTests.Identity.Policies;

public sealed class PolicyParserTests
{
    private static string Doc(string statement) => $$"""{"Version":"2012-10-17","Statement":{{statement}}}""";

    [Fact]
    public void Parse_StatementAsObject_CompilesOneStatement()
    {
        var result = PolicyParser.Parse(Doc("""{"Sid":"A","Effect":"Allow","Action":"execute-api:Invoke","Resource":"*"}"""));

        Assert.True(result.IsValid, string.Join(", ", result.Errors));
        var statement = Assert.Single(result.Policy!.Statements);
        Assert.Equal("A", statement.Sid);
        Assert.Equal(PolicyEffect.Allow, statement.Effect);
        Assert.Equal("2012-10-17", result.Policy.Version);
    }

    [Fact]
    public void Parse_StatementArrayWithListsAndNotElements_CompilesEach()
    {
        var result = PolicyParser.Parse(Doc("""
            [{"Effect":"Allow","Action":["execute-api:Invoke","iam:GetUser"],"Resource":["arn:aws:execute-api:us-east-1:000000000000:a/*","*"]},
             {"Effect":"Deny","NotAction":"iam:*","NotResource":"arn:aws:iam::000000000000:user/x"}]
            """));

        Assert.True(result.IsValid, string.Join(", ", result.Errors));
        Assert.Equal(2, result.Policy!.Statements.Count);
        Assert.True(result.Policy.Statements[1].IsNotAction);
        Assert.True(result.Policy.Statements[1].IsNotResource);
    }

    [Fact]
    public void Parse_NoVersion_IsAccepted()
    {
        Assert.True(PolicyParser.Parse("""{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}""").IsValid);
    }

    [Fact]
    public void Parse_FromJsonElement_KeepsTheDocumentText()
    {
        using var json = JsonDocument.Parse("""{"policyDocument":{"Version":"2012-10-17","Statement":[{"Action":"execute-api:Invoke","Effect":"Deny","Resource":"*"}]}}""");

        var result = PolicyParser.Parse(json.RootElement.GetProperty("policyDocument"));

        Assert.True(result.IsValid);
        Assert.Contains("\"Deny\"", result.Policy!.Document, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json", PolicyMessages.SyntaxErrors)]
    [InlineData("[]", PolicyMessages.SyntaxErrors)]
    [InlineData("""{"Version":"2012-10-17"}""", PolicyMessages.SyntaxErrors)]
    [InlineData("""{"Version":"2012-10-17","Statement":[]}""", PolicyMessages.SyntaxErrors)]
    [InlineData("""{"Version":"2020-01-01","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}""", PolicyMessages.SyntaxErrors)]
    [InlineData("""{"Version":"2012-10-17","Extra":1,"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}""", PolicyMessages.SyntaxErrors)]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Action":"s3:ListBucket","Resource":"*"}}""", PolicyMessages.SyntaxErrors)]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"allow","Action":"*","Resource":"*"}}""", PolicyMessages.SyntaxErrors)]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","NotAction":"s3:Get*","Resource":"*"}}""", PolicyMessages.SyntaxErrors)]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":42,"Resource":"*"}}""", PolicyMessages.SyntaxErrors)]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Bogus":"x"}}""", PolicyMessages.SyntaxErrors)]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Resource":"*"}}""", PolicyMessages.MissingActions)]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":[],"Resource":"*"}}""", PolicyMessages.MissingActions)]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject"}}""", PolicyMessages.MissingResources)]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"GetObject","Resource":"*"}}""", PolicyMessages.MissingVendor)]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:a:b","Resource":"*"}}""", PolicyMessages.MissingVendor)]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}}""", PolicyMessages.PrincipalNotAllowed)]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":"s3:*","Resource":"*"},{"Sid":"A","Effect":"Deny","Action":"s3:*","Resource":"*"}]}""", PolicyMessages.DuplicateSid)]
    [InlineData("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"bucket"}}""", "Resource bucket must be in ARN format or \"*\".")]
    public void Parse_BadDocument_ReportsIamsMessageFirst(string document, string message)
    {
        var result = PolicyParser.Parse(document);

        Assert.False(result.IsValid);
        Assert.Equal(message, result.Errors[0]);
    }

    [Fact]
    public void Parse_SeveralProblems_CollectsThemAllSyntaxFirst()
    {
        var result = PolicyParser.Parse(Doc("""[{"Effect":"Allow","Action":"GetObject"},{"Effect":"Maybe","Action":"s3:*","Resource":"*"}]"""));

        Assert.Equal([PolicyMessages.SyntaxErrors, PolicyMessages.MissingResources, PolicyMessages.MissingVendor], result.Errors);
    }

    [Theory]
    [InlineData("DateGreaterThan", "Gatehouse does not support the condition operator DateGreaterThan yet.")]
    [InlineData("NumericLessThanIfExists", "Gatehouse does not support the condition operator NumericLessThanIfExists yet.")]
    [InlineData("ForAnyValue:StringEquals", "Gatehouse does not support the condition set operator in ForAnyValue:StringEquals yet.")]
    [InlineData("StringEqual", "Invalid Condition type : StringEqual")]
    public void Parse_UnsupportedOrUnknownConditionOperator_IsRefusedClearly(string op, string message)
    {
        var condition = "{\"" + op + "\":{\"aws:UserAgent\":\"x\"}}";
        var result = PolicyParser.Parse(Doc("{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":" + condition + "}"));

        Assert.False(result.IsValid);
        Assert.Equal(message, result.Errors[0]);
    }

    [Theory]
    [InlineData("""{"IpAddress":{"aws:SourceIp":"not-an-ip"}}""", PolicyMessages.SyntaxErrors)]
    [InlineData("""{"IpAddress":{"aws:SourceIp":"10.0.0.0/33"}}""", PolicyMessages.SyntaxErrors)]
    [InlineData("""{"StringEquals":{"aws:UserAgent":{"nested":1}}}""", PolicyMessages.SyntaxErrors)]
    [InlineData("""{"StringEquals":{"aws:UserAgent":[]}}""", PolicyMessages.SyntaxErrors)]
    [InlineData("""{"StringEquals":{"UserAgent":"x"}}""", PolicyMessages.MissingVendor)]
    [InlineData("""{"StringEquals":"x"}""", PolicyMessages.SyntaxErrors)]
    public void Parse_BadConditionBlock_IsRefused(string condition, string message)
    {
        var result = PolicyParser.Parse(Doc($$"""{"Effect":"Allow","Action":"*","Resource":"*","Condition":{{condition}}}"""));

        Assert.Equal(message, Assert.Single(result.Errors));
    }

    [Fact]
    public void Parse_SupportedConditions_CompileWithIfExists()
    {
        var result = PolicyParser.Parse(Doc("""
            {"Effect":"Allow","Action":"*","Resource":"*","Condition":{
              "StringEquals":{"aws:UserAgent":["a","b"]},"StringLikeIfExists":{"aws:Referer":"https://*.example.com/*"},
              "IpAddress":{"aws:SourceIp":["10.0.0.0/8","::1"]},"Bool":{"aws:SecureTransport":true}}}
            """));

        Assert.True(result.IsValid, string.Join(", ", result.Errors));
        var conditions = result.Policy!.Statements[0].Conditions;
        Assert.Equal(4, conditions.Count);
        Assert.Contains(conditions, c => c.Operator == ConditionOperator.StringLike && c.IfExists);
        Assert.Equal(["true"], conditions.Single(c => c.Operator == ConditionOperator.Bool).Values);
    }
}
