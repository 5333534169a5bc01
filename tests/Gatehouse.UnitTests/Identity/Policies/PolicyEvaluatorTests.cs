using Gatehouse.Identity.Policies;

namespace Gatehouse.UnitTests.Identity.Policies;

public sealed class PolicyEvaluatorTests
{
    private const string MethodArn = "arn:aws:execute-api:us-east-1:000000000000:abc123/prod/GET/pets/7";

    private static CompiledPolicy Policy(string statements)
    {
        var result = PolicyParser.Parse($$"""{"Version":"2012-10-17","Statement":{{statements}}}""");
        Assert.True(result.IsValid, string.Join(", ", result.Errors));
        return result.Policy!;
    }

    [Fact]
    public void Evaluate_NoPolicies_IsImplicitDeny()
    {
        Assert.Equal(PolicyDecision.ImplicitDeny, PolicyEvaluator.Evaluate([], "execute-api:Invoke", MethodArn, PolicyContext.Empty));
    }

    [Fact]
    public void Evaluate_MatchingAllow_Allows()
    {
        var policy = Policy("""{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-east-1:000000000000:abc123/prod/GET/*"}""");

        Assert.Equal(PolicyDecision.Allow, policy.Evaluate("execute-api:invoke", MethodArn, PolicyContext.Empty));
        Assert.Equal(PolicyDecision.ImplicitDeny, policy.Evaluate("execute-api:Invoke", MethodArn.Replace("/GET/", "/POST/", StringComparison.Ordinal), PolicyContext.Empty));
    }

    [Fact]
    public void Evaluate_DenyInAnotherPolicy_WinsOverAllow()
    {
        var allow = Policy("""{"Effect":"Allow","Action":"*","Resource":"*"}""");
        var deny = Policy("""{"Effect":"Deny","Action":"execute-api:*","Resource":"arn:aws:execute-api:*:*:abc123/*/GET/pets/*"}""");

        Assert.Equal(PolicyDecision.ExplicitDeny, PolicyEvaluator.Evaluate([allow, deny], "execute-api:Invoke", MethodArn, PolicyContext.Empty));
        Assert.Equal(PolicyDecision.ExplicitDeny, PolicyEvaluator.Evaluate([deny, allow], "execute-api:Invoke", MethodArn, PolicyContext.Empty));
    }

    [Fact]
    public void Evaluate_NotActionAndNotResource_ApplyToEverythingElse()
    {
        var policy = Policy("""
            [{"Effect":"Allow","NotAction":"iam:*","Resource":"*"},
             {"Effect":"Deny","Action":"*","NotResource":"arn:aws:execute-api:*:*:abc123/*"}]
            """);

        Assert.Equal(PolicyDecision.Allow, policy.Evaluate("execute-api:Invoke", MethodArn, PolicyContext.Empty));
        Assert.Equal(PolicyDecision.ImplicitDeny, policy.Evaluate("iam:CreateUser", MethodArn, PolicyContext.Empty));
        Assert.Equal(PolicyDecision.ExplicitDeny, policy.Evaluate("execute-api:Invoke", "arn:aws:execute-api:us-east-1:0:other/prod/GET/x", PolicyContext.Empty));
    }

    [Theory]
    [InlineData("10.1.2.3", PolicyDecision.Allow)]
    [InlineData("192.168.0.1", PolicyDecision.ImplicitDeny)]
    [InlineData("::ffff:10.0.0.9", PolicyDecision.Allow)]
    [InlineData("garbage", PolicyDecision.ImplicitDeny)]
    public void Evaluate_IpAddressCondition_MatchesSourceIp(string sourceIp, PolicyDecision expected)
    {
        var policy = Policy("""{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":["10.0.0.5/8","2001:db8::/32"]}}}""");

        Assert.Equal(expected, policy.Evaluate("execute-api:Invoke", MethodArn, PolicyContext.Create((PolicyContext.SourceIp, sourceIp))));
    }

    [Fact]
    public void Evaluate_NotIpAddressDeny_DeniesOutsideTheRange()
    {
        var policy = Policy("""
            [{"Effect":"Allow","Action":"*","Resource":"*"},
             {"Effect":"Deny","Action":"*","Resource":"*","Condition":{"NotIpAddress":{"aws:sourceip":"127.0.0.1"}}}]
            """);

        Assert.Equal(PolicyDecision.Allow, policy.Evaluate("execute-api:Invoke", MethodArn, PolicyContext.Create(("aws:SourceIp", "127.0.0.1"))));
        Assert.Equal(PolicyDecision.ExplicitDeny, policy.Evaluate("execute-api:Invoke", MethodArn, PolicyContext.Create(("aws:SourceIp", "127.0.0.2"))));
    }

    [Fact]
    public void Evaluate_MissingConditionKey_FailsPositiveHoldsNegatedAndIfExists()
    {
        Assert.Equal(PolicyDecision.ImplicitDeny,
            Policy("""{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:UserAgent":"cli"}}}""").Evaluate("a:b", "*", PolicyContext.Empty));
        Assert.Equal(PolicyDecision.Allow,
            Policy("""{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:UserAgent":"cli"}}}""").Evaluate("a:b", "*", PolicyContext.Empty));
        Assert.Equal(PolicyDecision.Allow,
            Policy("""{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEqualsIfExists":{"aws:UserAgent":"cli"}}}""").Evaluate("a:b", "*", PolicyContext.Empty));
    }

    [Fact]
    public void Evaluate_StringConditions_CompareAsTheirOperatorSays()
    {
        var context = PolicyContext.Create(("aws:UserAgent", "aws-cli/2.9.19 Python/3.11"), ("aws:username", "Alice"), ("aws:SecureTransport", "false"));

        Assert.Equal(PolicyDecision.Allow, Policy("""{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringLike":{"aws:UserAgent":"aws-cli/2.*"}}}""").Evaluate("a:b", "*", context));
        Assert.Equal(PolicyDecision.ImplicitDeny, Policy("""{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringNotLike":{"aws:UserAgent":"aws-cli/*"}}}""").Evaluate("a:b", "*", context));
        Assert.Equal(PolicyDecision.ImplicitDeny, Policy("""{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:username":"alice"}}}""").Evaluate("a:b", "*", context));
        Assert.Equal(PolicyDecision.Allow, Policy("""{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEqualsIgnoreCase":{"aws:username":"alice"}}}""").Evaluate("a:b", "*", context));
        Assert.Equal(PolicyDecision.ExplicitDeny, Policy("""{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}""").Evaluate("a:b", "*", context));
    }

    [Fact]
    public void Evaluate_AllConditionsMustHold_AnyValueMay()
    {
        var policy = Policy("""{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:username":["bob","alice"],"aws:userid":"AIDA1"}}}""");

        Assert.Equal(PolicyDecision.Allow, policy.Evaluate("a:b", "*", PolicyContext.Create(("aws:username", "alice"), ("aws:userid", "AIDA1"))));
        Assert.Equal(PolicyDecision.ImplicitDeny, policy.Evaluate("a:b", "*", PolicyContext.Create(("aws:username", "alice"), ("aws:userid", "AIDA2"))));
    }
}
