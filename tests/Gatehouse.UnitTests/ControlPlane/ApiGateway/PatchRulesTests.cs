using Gatehouse.ControlPlane;
using Gatehouse.ControlPlane.ApiGateway;

namespace Gatehouse.UnitTests.ControlPlane.ApiGateway;

/// <summary>The v1 patch semantics every update-* shares.</summary>
public sealed class PatchRulesTests
{
    private sealed record Thing(string? Name = null, IReadOnlyDictionary<string, string>? Map = null, bool Flag = false, int Count = 0);

    private static PatchRules<Thing> Rules() => new PatchRules<Thing>("updateThingInput")
        .On("/name", PatchOps.Replace, (t, p) => t with { Name = p.Value }, (t, _) => t.Name)
        .On("/flag", PatchOps.Replace, (t, p) => t with { Flag = p.Bool() })
        .On("/count", PatchOps.Replace, (t, p) => t with { Count = p.WholeNumber(0, 10) })
        .On("/map/{}", PatchOps.AddRemoveReplace | PatchOps.Copy | PatchOps.Move,
            (t, p) => t with { Map = p.IsRemove ? Without(t.Map, p.Capture(0)) : With(t.Map, p.Capture(0), p.Text()) },
            (t, p) => t.Map?.GetValueOrDefault(p.Capture(0)));

    private static PatchOperation Op(string op, string path, string? value = null, string? from = null) =>
        new() { Op = op, Path = path, Value = value, From = from };

    private static IReadOnlyDictionary<string, string> With(IReadOnlyDictionary<string, string>? map, string key, string value) =>
        new Dictionary<string, string>(map ?? new Dictionary<string, string>()) { [key] = value };

    private static IReadOnlyDictionary<string, string> Without(IReadOnlyDictionary<string, string>? map, string key)
    {
        var copy = new Dictionary<string, string>(map ?? new Dictionary<string, string>());
        copy.Remove(key);
        return copy;
    }

    [Fact]
    public void Apply_ReplaceOfScalars_AppliesInOrder()
    {
        var result = Rules().Apply(new Thing(), [Op("replace", "/name", "a"), Op("replace", "/flag", "true"), Op("replace", "/name", "b")]);

        Assert.Equal(new Thing("b", null, true), result);
    }

    [Fact]
    public void Apply_EscapedSlashInSegment_IsOneDecodedKey()
    {
        var result = Rules().Apply(new Thing(), [Op("add", "/map/application~1json", "x"), Op("add", "/map/a~0b", "y")]);

        Assert.Equal("x", result.Map!["application/json"]);
        Assert.Equal("y", result.Map!["a~b"]);
    }

    [Fact]
    public void Apply_UnescapedSlashInKey_IsAnInvalidPath()
    {
        var error = Assert.Throws<AwsException>(() => Rules().Apply(new Thing(), [Op("add", "/map/application/json", "x")]));

        Assert.Equal(400, error.StatusCode);
        Assert.Equal("BadRequestException", error.ErrorType);
        Assert.Equal("Invalid patch path /map/application/json", error.Message);
    }

    [Fact]
    public void Apply_OpsOutsideTheEnum_AreAllReportedAsOneValidationException()
    {
        var error = Assert.Throws<AwsException>(() => Rules().Apply(new Thing(), [Op("wrong", "/name", "a"), Op("replace", "/name"), Op("wrong", "/x")]));

        Assert.Equal("ValidationException", error.ErrorType);
        Assert.Equal(
            "2 validation errors detected: Value 'wrong' at 'updateThingInput.patchOperations.1.member.op' failed to satisfy constraint: " +
            "Member must satisfy enum value set: [add, remove, move, test, replace, copy]; Value 'wrong' at 'updateThingInput.patchOperations.3.member.op' " +
            "failed to satisfy constraint: Member must satisfy enum value set: [add, remove, move, test, replace, copy]", error.Message);
    }

    [Fact]
    public void Apply_OpThePathDoesNotAccept_NamesTheAcceptedOps()
    {
        var single = Assert.Throws<AwsException>(() => Rules().Apply(new Thing(), [Op("add", "/name", "a")]));
        Assert.Equal("Invalid patch operation specified. Must be one of: [replace]", single.Message);

        var rules = new PatchRules<Thing>("x").On("/map/{}", PatchOps.AddRemoveReplace, (t, _) => t);
        var several = Assert.Throws<AwsException>(() => rules.Apply(new Thing(), [Op("copy", "/map/a", from: "/map/b")]));
        Assert.Equal("Invalid patch operation specified. Must be 'add'|'remove'|'replace'", several.Message);
    }

    [Fact]
    public void Apply_AFailingOperation_LeavesTheTargetUnchanged()
    {
        var target = new Thing("kept");

        Assert.Throws<AwsException>(() => Rules().Apply(target, [Op("replace", "/name", "changed"), Op("replace", "/count", "11")]));

        Assert.Equal("kept", target.Name);
    }

    [Fact]
    public void Apply_BadNumber_IsABadRequestNamingThePath()
    {
        var count = Assert.Throws<AwsException>(() => Rules().Apply(new Thing(), [Op("replace", "/count", "eleven")]));

        Assert.Equal("Invalid value 'eleven' for path /count: must be an integer between 0 and 10", count.Message);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("false", false)]
    [InlineData("yes", false)]
    public void Apply_Boolean_IsReadAsAwsReadsIt(string value, bool expected) =>
        Assert.Equal(expected, Rules().Apply(new Thing(Flag: !expected), [Op("replace", "/flag", value)]).Flag);

    [Fact]
    public void Apply_CopyAndMove_ReadTheValueAtFrom()
    {
        var start = new Thing(Map: new Dictionary<string, string> { ["a"] = "1" });

        var copied = Rules().Apply(start, [Op("copy", "/map/b", from: "/map/a")]);
        var moved = Rules().Apply(start, [Op("move", "/map/b", from: "/map/a")]);

        Assert.Equal(["a", "b"], copied.Map!.Keys.Order());
        Assert.Equal("1", moved.Map!["b"]);
        Assert.False(moved.Map.ContainsKey("a"));
    }

    [Fact]
    public void Apply_Test_PassesOnEqualValueAndFailsOtherwise()
    {
        var rules = new PatchRules<Thing>("x").On("/name", PatchOps.Replace | PatchOps.Test, (t, p) => t with { Name = p.Value }, (t, _) => t.Name);

        Assert.Equal("n", rules.Apply(new Thing("n"), [Op("test", "/name", "n")]).Name);
        Assert.Throws<AwsException>(() => rules.Apply(new Thing("n"), [Op("test", "/name", "other")]));
    }

    [Fact]
    public void Apply_MissingOrRelativePath_IsAnInvalidPath()
    {
        var missing = Assert.Throws<AwsException>(() => Rules().Apply(new Thing(), [new PatchOperation { Op = "replace" }]));
        var relative = Assert.Throws<AwsException>(() => Rules().Apply(new Thing(), [Op("replace", "name", "a")]));

        Assert.Equal("Invalid patch path null", missing.Message);
        Assert.Equal("Invalid patch path name", relative.Message);
    }

    [Fact]
    public void Apply_CustomMessages_AreUsed()
    {
        var rules = new PatchRules<Thing>("x")
            .On("/name", PatchOps.Replace, (t, _) => t)
            .InvalidPath((_, path) => $"bad {path}")
            .InvalidOp((_, path, _) => $"op {path}");

        Assert.Equal("bad /zzz", Assert.Throws<AwsException>(() => rules.Apply(new Thing(), [Op("replace", "/zzz")])).Message);
        Assert.Equal("op /name", Assert.Throws<AwsException>(() => rules.Apply(new Thing(), [Op("remove", "/name")])).Message);
    }

    [Fact]
    public void Apply_PathMatchingSeveralRules_PrefersTheOneAcceptingTheOp()
    {
        var rules = new PatchRules<Thing>("x")
            .On("/map/x", PatchOps.Replace, (t, _) => t with { Name = "specific" })
            .On("/map/{}", PatchOps.Remove, (t, _) => t with { Name = "general" });

        Assert.Equal("specific", rules.Apply(new Thing(), [Op("replace", "/map/x", "v")]).Name);
        Assert.Equal("general", rules.Apply(new Thing(), [Op("remove", "/map/x")]).Name);
    }

    [Theory]
    [InlineData("/a~1b", new[] { "a/b" })]
    [InlineData("/~01", new[] { "~1" })]
    [InlineData("/*/*/throttling/rateLimit", new[] { "*", "*", "throttling", "rateLimit" })]
    [InlineData("/", new string[0])]
    public void Split_DecodesEachSegment(string path, string[] expected) => Assert.Equal(expected, PatchPath.Split(path));

    [Fact]
    public void Escape_IsTheInverseOfUnescape() =>
        Assert.Equal("pets/{id}~x", PatchPath.Unescape(PatchPath.Escape("pets/{id}~x")));
}
