using Gatehouse.ControlPlane;
using Gatehouse.ControlPlane.Lambda;
using Gatehouse.Model.Functions;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.UnitTests.ControlPlane.Lambda;

public sealed class FunctionRefTests
{
    [Theory]
    [InlineData("my-function", "my-function", null)]
    [InlineData("my-function:live", "my-function", "live")]
    [InlineData("my-function:$LATEST", "my-function", "$LATEST")]
    [InlineData("000000000000:function:my-function", "my-function", null)]
    [InlineData("000000000000:function:my-function:3", "my-function", "3")]
    [InlineData("arn:aws:lambda:us-east-1:000000000000:function:my-function", "my-function", null)]
    [InlineData("arn:aws:lambda:us-east-1:000000000000:function:my-function:live", "my-function", "live")]
    public void Parse_EveryFormLambdaAccepts_GivesNameAndQualifier(string text, string name, string? qualifier)
    {
        var reference = FunctionRef.Parse(text);

        Assert.Equal(name, reference.Name);
        Assert.Equal(qualifier, reference.Qualifier);
    }

    [Fact]
    public void Parse_QualifierParameter_IsMergedWhenTheNameHasNone()
    {
        Assert.Equal(new FunctionRef("f", "2"), FunctionRef.Parse("f", "2"));
        Assert.Equal(new FunctionRef("f", "2"), FunctionRef.Parse("f:2", "2"));
    }

    [Fact]
    public void Parse_NameAndParameterDisagree_InvalidParameterValueException()
    {
        var error = Assert.Throws<AwsException>(() => FunctionRef.Parse("f:1", "2"));

        Assert.Equal("InvalidParameterValueException", error.ErrorType);
        Assert.Equal("The derived qualifier from the function name does not match the specified qualifier.", error.Message);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("a/b")]
    [InlineData("")]
    public void Parse_NameOutsideTheModelsPattern_ValidationException(string text)
    {
        var error = Assert.Throws<AwsException>(() => FunctionRef.Parse(text));

        Assert.Equal("ValidationException", error.ErrorType);
        Assert.Matches(@"^\d validation errors? detected: Value '", error.Message);
    }

    [Fact]
    public void Parse_DotInTheName_OnlyReadOperationsAcceptIt()
    {
        Assert.Equal("a.b", FunctionRef.Parse("a.b", namespaced: true).Name);
        Assert.Throws<AwsException>(() => FunctionRef.Parse("a.b"));
    }

    [Fact]
    public void Arn_IsQualifiedOnlyWithAQualifier()
    {
        var options = new ControlPlaneOptions();

        Assert.Equal("arn:aws:lambda:us-east-1:000000000000:function:f", new FunctionRef("f", null).Arn(options));
        Assert.Equal("arn:aws:lambda:us-east-1:000000000000:function:f:live", new FunctionRef("f", "live").Arn(options));
    }
}

public sealed class LambdaValidationTests
{
    [Fact]
    public void ThrowIfAny_SeveralErrors_OneValidationExceptionWordedAsLambda()
    {
        var validation = new LambdaValidation();
        validation.Range(0, "timeout", 1, 900);
        validation.NotNull(null, "role");
        validation.Enum("Later", "invocationType", ["Event", "RequestResponse", "DryRun"]);

        var error = Assert.Throws<AwsException>(validation.ThrowIfAny);

        Assert.Equal(400, error.StatusCode);
        Assert.Equal("ValidationException", error.ErrorType);
        Assert.Null(error.Type);
        Assert.Equal(
            "3 validation errors detected: Value '0' at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1; " +
            "Value null at 'role' failed to satisfy constraint: Member must not be null; " +
            "Value 'Later' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]",
            error.Message);
    }

    [Fact]
    public void ThrowIfAny_NoError_DoesNothing() => new LambdaValidation().ThrowIfAny();
}

public sealed class LambdaErrorsTests
{
    [Fact]
    public void NotFound_UsesTheCapitalMessageMemberOfTheModel()
    {
        var error = LambdaErrors.FunctionNotFound("arn:aws:lambda:us-east-1:000000000000:function:x");

        Assert.Equal((404, "ResourceNotFoundException", "User", "Message"), (error.StatusCode, error.ErrorType, error.Type, error.MessageMember));
        Assert.Equal("Function not found: arn:aws:lambda:us-east-1:000000000000:function:x", error.Message);
    }

    [Fact]
    public void InvalidParameter_UsesTheLowerCaseMessageMember()
    {
        var error = LambdaErrors.InvalidParameter("x");

        Assert.Equal((400, "InvalidParameterValueException", "User", "message"), (error.StatusCode, error.ErrorType, error.Type, error.MessageMember));
    }

    [Fact]
    public void TooManyRequests_CarriesTheReason()
    {
        var error = LambdaErrors.TooManyRequests("Rate Exceeded.", "ReservedFunctionConcurrentInvocationLimitExceeded");

        Assert.Equal((429, "ReservedFunctionConcurrentInvocationLimitExceeded"), (error.StatusCode, error.Reason));
    }
}

public sealed class RuntimesTests
{
    [Theory]
    [InlineData("nodejs18.x")]
    [InlineData("nodejs22.x")]
    [InlineData("python3.8")]
    [InlineData("python3.13")]
    [InlineData("provided")]
    [InlineData("provided.al2023")]
    public void Check_RuntimeGatehouseRuns_Passes(string runtime) => Assert.Null(Runtimes.Check(runtime));

    [Fact]
    public void Check_RuntimeLambdaRetired_LambdasDeprecationMessage() =>
        Assert.StartsWith("The runtime parameter of python3.7 is no longer supported", Runtimes.Check("python3.7")!.Message, StringComparison.Ordinal);

    [Fact]
    public void Check_OtherRuntime_NamesItAndTheSupportedSet() =>
        Assert.StartsWith("Value ruby3.3 at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [nodejs18.x,", Runtimes.Check("ruby3.3")!.Message, StringComparison.Ordinal);
}

public sealed class PolicyStatementTests
{
    [Fact]
    public void Statement_ServicePrincipalWithSourceArnAndAccount_IsLambdasJson()
    {
        var json = PolicyOperations.Statement(new AddPermissionInput
        {
            StatementId = "s1",
            Action = "lambda:InvokeFunction",
            Principal = "apigateway.amazonaws.com",
            SourceArn = "arn:aws:execute-api:us-east-1:000000000000:api/*",
            SourceAccount = "000000000000",
        }, "arn:aws:lambda:us-east-1:000000000000:function:f");

        Assert.Equal(
            """{"Sid":"s1","Effect":"Allow","Principal":{"Service":"apigateway.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:us-east-1:000000000000:function:f","Condition":{"StringEquals":{"AWS:SourceAccount":"000000000000"},"ArnLike":{"AWS:SourceArn":"arn:aws:execute-api:us-east-1:000000000000:api/*"}}}""",
            json);
    }

    [Fact]
    public void Statement_WildcardPrincipal_IsAPlainStar()
    {
        var json = PolicyOperations.Statement(new AddPermissionInput { StatementId = "s", Action = "lambda:*", Principal = "*" }, "arn");

        Assert.Equal("""{"Sid":"s","Effect":"Allow","Principal":"*","Action":"lambda:*","Resource":"arn"}""", json);
    }

    [Fact]
    public void Policy_WrapsTheStatementsInVersionAndId()
    {
        var policy = PolicyOperations.Policy([new PolicyStatement("a", """{"Sid":"a"}"""), new PolicyStatement("b", """{"Sid":"b"}""")]);

        Assert.Equal("""{"Version":"2012-10-17","Id":"default","Statement":[{"Sid":"a"},{"Sid":"b"}]}""", policy);
    }
}

public sealed class VersionPublishingTests
{
    private static FunctionDocument Function() => new()
    {
        FunctionName = "f",
        Latest = new FunctionVersion
        {
            Version = FunctionVersion.LatestName,
            Runtime = "nodejs20.x",
            Handler = "index.handler",
            Role = "arn:aws:iam::000000000000:role/r",
            Code = new FunctionCode { Id = new string('a', 64), Sha256 = "x", Size = 1 },
            LastModified = DateTimeOffset.UnixEpoch,
            RevisionId = "r",
            State = "Active",
        },
    };

    [Fact]
    public void Publish_FirstTime_TakesTheNextNumberAndStartsPending()
    {
        var (document, version) = VersionOperations.Publish(Function(), "v1");

        Assert.Equal("1", version.Version);
        Assert.Equal("v1", version.Description);
        Assert.Equal("Pending", version.State);
        Assert.Equal(2, document.NextVersionNumber);
        Assert.Same(version, Assert.Single(document.Versions));
    }

    [Fact]
    public void Publish_NothingChanged_ReturnsTheLastVersionAndTheSameDocument()
    {
        var (once, first) = VersionOperations.Publish(Function(), null);

        var (twice, again) = VersionOperations.Publish(once with { Latest = once.Latest with { Description = "only the description" } }, null);

        Assert.Same(first, again);
        Assert.Single(twice.Versions);
    }

    [Fact]
    public void Publish_EnvironmentChanged_PublishesANewVersion()
    {
        var (once, _) = VersionOperations.Publish(Function(), null);
        var changed = once with { Latest = once.Latest with { Environment = new Dictionary<string, string> { ["A1"] = "b" } } };

        var (_, second) = VersionOperations.Publish(changed, null);

        Assert.Equal("2", second.Version);
    }
}

public sealed class LambdaPagingTests
{
    private static HttpRequest Request(string query)
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString(query);
        return context.Request;
    }

    [Fact]
    public void Apply_MarkerOfThePreviousPage_ContinuesAfterItEvenWhenItemsWereRemoved()
    {
        string[] items = ["a", "b", "c", "d"];
        string[] remaining = ["a", "c", "d"];
        var first = LambdaPaging.Apply(Request("?MaxItems=2"), items, i => i);

        var afterRemoval = LambdaPaging.Apply(Request("?MaxItems=2&Marker=" + Uri.EscapeDataString(first.NextMarker!)), remaining, i => i);

        Assert.Equal(["a", "b"], first.Items);
        Assert.Equal(["c", "d"], afterRemoval.Items);
        Assert.Null(afterRemoval.NextMarker);
    }

    [Fact]
    public void Apply_NoMaxItems_PagesOf50()
    {
        var page = LambdaPaging.Apply(Request(""), Enumerable.Range(0, 120).Select(i => i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)).ToList(), i => i);

        Assert.Equal(50, page.Items.Count);
        Assert.NotNull(page.NextMarker);
    }

    [Fact]
    public void VersionKey_OrdersLatestFirstThenNumbersNumerically()
    {
        string[] versions = ["10", "$LATEST", "9", "1"];

        var ordered = versions.OrderBy(LambdaPaging.VersionKey, StringComparer.Ordinal);

        Assert.Equal(["$LATEST", "1", "9", "10"], ordered);
    }
}
