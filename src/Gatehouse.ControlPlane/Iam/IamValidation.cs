using Gatehouse.ControlPlane.Protocols;
using Gatehouse.Model.Iam;

namespace Gatehouse.ControlPlane.Iam;

/// <summary>Validation of IAM's compound members: tag lists and paging.</summary>
internal static class IamValidation
{
    public const int MaxTags = 50;

    /// <summary><c>Tags.member.N.Key</c>/<c>.Value</c>: at most 50, keys unique without regard to case.</summary>
    public static IReadOnlyList<IamTag> Tags(QueryValidator v, QueryRequest p)
    {
        var members = p.GetStructureList("Tags");
        if (members.Count > MaxTags)
        {
            v.Fail("tags", $"[{members.Count} tags]", $"Member must have length less than or equal to {MaxTags}");
        }

        var tags = new List<IamTag>();
        for (var i = 0; i < members.Count; i++)
        {
            var key = v.Required($"tags.{i + 1}.member.key", members[i].GetValueOrDefault("Key"), 1, 128, IamPatterns.TagKey(), IamPatterns.TagKeyText);
            var value = v.Required($"tags.{i + 1}.member.value", members[i].GetValueOrDefault("Value"), 0, 256, IamPatterns.TagValue(), IamPatterns.TagValueText);
            if (key is not null && value is not null)
            {
                tags.Add(new IamTag(key, value));
            }
        }

        if (!v.HasErrors && tags.DistinctBy(t => t.Key.ToUpperInvariant()).Count() != tags.Count)
        {
            throw IamErrors.DuplicateTagKeys();
        }

        return tags;
    }

    public static (string? Marker, int? MaxItems) Paging(QueryValidator v, QueryRequest p) =>
        (v.Optional("marker", p.Get("Marker"), 1, 320, IamPatterns.Marker(), IamPatterns.MarkerText),
         v.Number("maxItems", p.Get("MaxItems"), 1, 1000));
}
