using Gatehouse.ControlPlane.Protocols;

namespace Gatehouse.UnitTests.ControlPlane.Protocols;

public sealed class QueryRequestMapTests
{
    [Fact]
    public void GetMapEntries_EntryNKeyValue_GroupsByNInNumericOrder()
    {
        var request = QueryRequest.Parse(
            "Attributes.entry.10.key=j&Attributes.entry.10.value=10&Attributes.entry.2.key=b&Attributes.entry.2.value=2&Attributes.member.1.key=not-a-map");
        Assert.Equal(["b", "j"], request.GetMapEntries("Attributes").Select(e => e["key"]));
        Assert.Equal(["2", "10"], request.GetMapEntries("Attributes").Select(e => e["value"]));
        Assert.Empty(request.GetMapEntries("Absent"));
    }

    [Fact]
    public void GetMapEntries_NestedValueMembers_KeepTheirDottedNames()
    {
        var entry = QueryRequest.Parse("MessageAttributes.entry.1.Name=n&MessageAttributes.entry.1.Value.DataType=String&MessageAttributes.entry.1.Value.StringValue=v")
            .GetMapEntries("MessageAttributes").Single();
        Assert.Equal(("n", "String", "v"), (entry["Name"], entry["Value.DataType"], entry["Value.StringValue"]));
    }
}
