namespace Gatehouse.Templates;

/// <summary>
/// Remembers the last JSONPath parsed at one call site (<c>$input.path('$.x')</c> passes a literal almost always),
/// swapped atomically so that concurrent renders share it.
/// </summary>
internal sealed class JsonPathCache
{
    private sealed record Entry(string Text, JsonPath Path);

    private Entry? _last;

    public bool TryGet(string text, out JsonPath path, out string error)
    {
        var last = Volatile.Read(ref _last);
        if (last is not null && last.Text == text)
        {
            path = last.Path;
            error = "";
            return true;
        }

        if (!JsonPath.TryParse(text, out path, out error))
        {
            return false;
        }

        Volatile.Write(ref _last, new Entry(text, path));
        return true;
    }
}
