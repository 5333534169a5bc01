using System.Text;
using System.Xml.Linq;
using Gatehouse.ControlPlane;
using Gatehouse.ControlPlane.Protocols;

namespace Gatehouse.UnitTests.ControlPlane.Protocols;

public sealed class QueryProtocolTests
{
    [Fact]
    public void Parse_FormBody_DecodesPlusAndPercentEscapes()
    {
        var request = QueryRequest.Parse("Action=PutUserPolicy&Version=2010-05-08&PolicyDocument=%7B%22a%22%3A+%22%C3%A9%22%7D&Empty=");

        Assert.Equal("PutUserPolicy", request.Action);
        Assert.Equal("2010-05-08", request.Version);
        Assert.Equal("{\"a\": \"é\"}", request.Get("PolicyDocument"));
        Assert.True(request.Has("Empty"));
        Assert.Equal("", request.Get("Empty"));
        Assert.Null(request.Get("Missing"));
    }

    [Fact]
    public void Parse_BodyAndQueryString_BodyWinsOnRepeats()
    {
        var request = QueryRequest.Parse("Action=GetUser", "Action=ListUsers&UserName=bob");

        Assert.Equal("GetUser", request.Action);
        Assert.Equal("bob", request.Get("UserName"));
    }

    [Fact]
    public void GetList_MemberN_InNumericOrder()
    {
        var request = QueryRequest.Parse("Names.member.10=j&Names.member.2=b&Names.member.1=a&Names.member.x=bad&Other.member.1=z");

        Assert.Equal(["a", "b", "j"], request.GetList("Names"));
        Assert.Empty(request.GetList("Absent"));
        Assert.Empty(QueryRequest.Parse("Names=").GetList("Names"));
    }

    [Fact]
    public void GetStructureList_TagsMemberNKeyValue_GroupsByN()
    {
        var request = QueryRequest.Parse("Tags.member.2.Key=b&Tags.member.1.Key=a&Tags.member.1.Value=1&Tags.member.2.Value=2&Tags.member.0.Key=zero");

        var tags = request.GetStructureList("Tags");

        Assert.Equal(2, tags.Count);
        Assert.Equal("a", tags[0]["Key"]);
        Assert.Equal("1", tags[0]["Value"]);
        Assert.Equal("b", tags[1]["Key"]);
    }

    [Fact]
    public void Success_WithResult_IsTheActionEnvelopeInTheNamespace()
    {
        var xml = Parse(QueryResponses.Success("CreateUser", "https://iam.amazonaws.com/doc/2010-05-08/", "req-1", w =>
        {
            w.Structure("User", () =>
            {
                w.Element("UserName", "a<b>&\"c'");
                w.Element("CreateDate", new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)));
                w.Element("Missing", (string?)null);
            });
            w.List("Tags", [("k", "v")], (x, t) => { x.Element("Key", t.Item1); x.Element("Value", t.Item2); });
            w.StringList("PolicyNames", []);
            w.Element("IsTruncated", false);
        }));

        XNamespace ns = "https://iam.amazonaws.com/doc/2010-05-08/";
        Assert.Equal(ns + "CreateUserResponse", xml.Root!.Name);
        var result = xml.Root.Element(ns + "CreateUserResult")!;
        Assert.Equal("a<b>&\"c'", result.Element(ns + "User")!.Element(ns + "UserName")!.Value);
        Assert.Equal("2024-01-02T01:04:05Z", result.Element(ns + "User")!.Element(ns + "CreateDate")!.Value);
        Assert.Null(result.Element(ns + "User")!.Element(ns + "Missing"));
        Assert.Equal("v", result.Element(ns + "Tags")!.Element(ns + "member")!.Element(ns + "Value")!.Value);
        Assert.Empty(result.Element(ns + "PolicyNames")!.Elements());
        Assert.Equal("false", result.Element(ns + "IsTruncated")!.Value);
        Assert.Equal("req-1", xml.Root.Element(ns + "ResponseMetadata")!.Element(ns + "RequestId")!.Value);
    }

    [Fact]
    public void Success_WithoutResult_HasOnlyMetadata()
    {
        var xml = Parse(QueryResponses.Success("DeleteUser", "urn:x", "r", null));

        Assert.Equal(["ResponseMetadata"], xml.Root!.Elements().Select(e => e.Name.LocalName));
    }

    [Fact]
    public void Element_CharactersXmlCannotCarry_BecomeReplacementCharacters()
    {
        var xml = Parse(QueryResponses.Success("A", "urn:x", "r", w => w.Element("V", "a\u0001b\uD800c😀")));

        Assert.Equal("a\uFFFDb\uFFFDc😀", xml.Root!.Descendants().Single(e => e.Name.LocalName == "V").Value);
    }

    [Fact]
    public void Error_SenderAndReceiver_ByStatus()
    {
        XNamespace ns = "https://sts.amazonaws.com/doc/2011-06-15/";
        var sender = Parse(QueryResponses.Error(ns.NamespaceName, new AwsException(404, "NoSuchEntity", "The user with name x cannot be found."), "r1"));
        var receiver = Parse(QueryResponses.Error(null, new AwsException(500, "ServiceFailure", "boom"), "r2"));

        Assert.Equal(ns + "ErrorResponse", sender.Root!.Name);
        var error = sender.Root.Element(ns + "Error")!;
        Assert.Equal("Sender", error.Element(ns + "Type")!.Value);
        Assert.Equal("NoSuchEntity", error.Element(ns + "Code")!.Value);
        Assert.Equal("The user with name x cannot be found.", error.Element(ns + "Message")!.Value);
        Assert.Equal("r1", sender.Root.Element(ns + "RequestId")!.Value);
        Assert.Equal("Receiver", receiver.Root!.Descendants().Single(e => e.Name.LocalName == "Type").Value);
    }

    [Fact]
    public void Validator_SeveralProblems_ReportedTogetherInAwsWords()
    {
        var v = new QueryValidator();
        v.Required("userName", null, 1, 64);
        v.Optional("path", "nope", 1, 512, new System.Text.RegularExpressions.Regex("^/$"), "(\\u002F)");
        v.Optional("policyName", new string('p', 129), 1, 128);
        v.OneOf("status", "Paused", ["Active", "Inactive"], required: true);
        v.Number("maxItems", "0", 1, 1000);

        var error = Assert.Throws<AwsException>(v.ThrowIfInvalid);

        Assert.Equal("ValidationError", error.ErrorType);
        Assert.Equal(400, error.StatusCode);
        Assert.Equal(
            "5 validation errors detected: Value null at 'userName' failed to satisfy constraint: Member must not be null; " +
            "Value 'nope' at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\u002F); " +
            $"Value '{new string('p', 129)}' at 'policyName' failed to satisfy constraint: Member must have length less than or equal to 128; " +
            "Value 'Paused' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]; " +
            "Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1",
            error.Message);
    }

    [Fact]
    public void Validator_NothingWrong_DoesNotThrow()
    {
        var v = new QueryValidator();
        Assert.Equal("alice", v.Required("userName", "alice", 1, 64));
        v.ThrowIfInvalid();
        Assert.False(v.HasErrors);
    }

    private static XDocument Parse(byte[] body) => XDocument.Parse(Encoding.UTF8.GetString(body));
}
