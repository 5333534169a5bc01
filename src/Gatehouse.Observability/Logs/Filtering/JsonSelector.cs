using System.Text.Json;

namespace Gatehouse.Observability.Logs.Filtering;

/// <summary>
/// A JSON pattern's selector: <c>$.a.b</c>, <c>$.list[0].name</c>, <c>$.list[*]</c>, <c>$['odd key']</c>. A wildcard
/// step selects every element or member, so a selector can select several values.
/// </summary>
internal sealed class JsonSelector(string text, IReadOnlyList<JsonSelector.Step> steps)
{
    public string Text { get; } = text;

    public IReadOnlyList<Step> Steps { get; } = steps;

    /// <summary>Adds every value the selector reaches in <paramref name="root"/> to <paramref name="found"/>.</summary>
    public void Select(JsonElement root, List<JsonElement> found) => Select(root, 0, found);

    private void Select(JsonElement current, int index, List<JsonElement> found)
    {
        if (index == Steps.Count)
        {
            found.Add(current);
            return;
        }

        var step = Steps[index];
        switch (step.Kind)
        {
            case StepKind.Member when current.ValueKind == JsonValueKind.Object:
                if (current.TryGetProperty(step.Name!, out var member))
                {
                    Select(member, index + 1, found);
                }

                break;
            case StepKind.Index when current.ValueKind == JsonValueKind.Array:
                if (step.Index < current.GetArrayLength())
                {
                    Select(current[step.Index], index + 1, found);
                }

                break;
            case StepKind.Wildcard when current.ValueKind == JsonValueKind.Array:
                foreach (var item in current.EnumerateArray())
                {
                    Select(item, index + 1, found);
                }

                break;
            case StepKind.Wildcard when current.ValueKind == JsonValueKind.Object:
                foreach (var property in current.EnumerateObject())
                {
                    Select(property.Value, index + 1, found);
                }

                break;
        }
    }

    internal enum StepKind
    {
        Member,
        Index,
        Wildcard,
    }

    internal readonly record struct Step(StepKind Kind, string? Name, int Index);
}
