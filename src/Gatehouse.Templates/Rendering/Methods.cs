using System.Globalization;
using System.Text.RegularExpressions;
using Gatehouse.Templates.Parsing;

namespace Gatehouse.Templates;

/// <summary>
/// Method calls as Velocity makes them on Java's String, Map, List, numbers and booleans, and on the engine's
/// objects. A method the type does not have answers null (Velocity leaves the reference undefined); a call that
/// Java would answer with an exception ends the render.
/// </summary>
internal static class Methods
{
    public static object? Invoke(Renderer renderer, object target, MethodSegment call, object?[] args)
    {
        // A call's work grows with its target (a search, a copy, a regular expression): count it against the steps.
        renderer.Charge(target switch
        {
            string s => s.Length / 64,
            TemplateList list => list.Count / 16,
            TemplateMap map => map.Count / 16,
            _ => 0,
        });
        try
        {
            return target switch
            {
                string s => StringMethod(renderer, s, call, args),
                TemplateMap map => MapMethod(renderer, map, call.Name, args),
                TemplateList list => ListMethod(renderer, list, call.Name, args),
                InputVariable input => input.Invoke(call, args),
                UtilVariable => UtilVariable.Invoke(renderer, call.Name, args),
                MapEntry entry => (call.Name, args.Length) switch
                {
                    ("getKey", 0) => entry.Key,
                    ("getValue", 0) => entry.Value,
                    ("toString", 0) => entry.ToString(),
                    _ => null,
                },
                ForeachState state when args.Length == 0 => state.Invoke(call.Name),
                long or double => NumberMethod(renderer, target, call.Name, args),
                bool b => (call.Name, args.Length) switch
                {
                    ("toString", 0) => b ? "true" : "false",
                    ("booleanValue", 0) => b,
                    ("equals", 1) => args[0] is bool other && other == b,
                    _ => null,
                },
                _ => null,
            };
        }
        catch (RegexMatchTimeoutException)
        {
            throw new TemplateRuntimeException(RenderErrorKind.EvaluationError, $"the regular expression of {call.Name} ran past its time limit");
        }
    }

    private static object? StringMethod(Renderer renderer, string s, MethodSegment call, object?[] args)
    {
        var a0 = args.Length > 0 ? args[0] : null;
        var a1 = args.Length > 1 ? args[1] : null;
        switch (call.Name, args.Length)
        {
            case ("length", 0):
                return (long)s.Length;
            case ("isEmpty", 0):
                return s.Length == 0;
            case ("toString", 0):
                return s;
            case ("trim", 0):
                return s.Trim(TrimmedByJava);
            case ("toLowerCase", 0):
                return s.ToLowerInvariant();
            case ("toUpperCase", 0):
                return s.ToUpperInvariant();
            case ("charAt", 1) when a0 is long i:
                return i >= 0 && i < s.Length ? s[(int)i].ToString() : throw OutOfRange("charAt", i, s.Length);
            case ("substring", 1) when a0 is long from:
                return from >= 0 && from <= s.Length ? s[(int)from..] : throw OutOfRange("substring", from, s.Length);
            case ("substring", 2) when a0 is long from && a1 is long to:
                return from >= 0 && to <= s.Length && from <= to ? s[(int)from..(int)to] : throw OutOfRange("substring", from, s.Length);
            case ("indexOf", 1) when a0 is string t:
                return (long)s.IndexOf(t, StringComparison.Ordinal);
            case ("indexOf", 2) when a0 is string t && a1 is long from:
                return (long)s.IndexOf(t, (int)Math.Clamp(from, 0, s.Length), StringComparison.Ordinal);
            case ("lastIndexOf", 1) when a0 is string t:
                return (long)s.LastIndexOf(t, StringComparison.Ordinal);
            case ("contains", 1) when a0 is string t:
                return s.Contains(t, StringComparison.Ordinal);
            case ("startsWith", 1) when a0 is string t:
                return s.StartsWith(t, StringComparison.Ordinal);
            case ("endsWith", 1) when a0 is string t:
                return s.EndsWith(t, StringComparison.Ordinal);
            case ("equals", 1):
                return a0 is string same && same == s;
            case ("equalsIgnoreCase", 1):
                return a0 is string similar && string.Equals(similar, s, StringComparison.OrdinalIgnoreCase);
            case ("compareTo", 1) when a0 is string t:
                return (long)string.CompareOrdinal(s, t);
            case ("concat", 1) when a0 is string t:
                return renderer.CheckLength(s + t);
            case ("replace", 2) when a0 is string target && a1 is string replacement:
                return Replace(renderer, s, target, replacement);
            case ("replaceAll", 2) when a0 is string pattern && a1 is string replacement:
                return ReplaceMatches(renderer, s, call.Regex.Get(pattern, false, renderer.Limits.RegexTimeout), replacement, int.MaxValue);
            case ("replaceFirst", 2) when a0 is string pattern && a1 is string replacement:
                return ReplaceMatches(renderer, s, call.Regex.Get(pattern, false, renderer.Limits.RegexTimeout), replacement, 1);
            case ("matches", 1) when a0 is string pattern:
                return call.Regex.Get(pattern, true, renderer.Limits.RegexTimeout).IsMatch(s);
            case ("split", 1 or 2) when a0 is string pattern && (args.Length == 1 || a1 is long):
                {
                    var parts = JavaRegex.Split(s, call.Regex.Get(pattern, false, renderer.Limits.RegexTimeout), args.Length == 2 ? (int)Math.Clamp((long)a1!, int.MinValue, int.MaxValue) : 0);
                    renderer.CheckSize(parts.Count);
                    return new TemplateList(parts.Cast<object?>().ToList(), isJson: false);
                }

            case ("hashCode", 0):
                {
                    var h = 0;
                    foreach (var c in s)
                    {
                        h = unchecked((31 * h) + c);
                    }

                    return (long)h;
                }

            default:
                return null;
        }
    }

    // Java's trim removes every character up to U+0020.
    private static readonly char[] TrimmedByJava = [.. Enumerable.Range(0, 0x21).Select(i => (char)i)];

    // Java's replace: every occurrence, an empty target between every character; the result's length is known
    // before it is built, so a replacement cannot allocate past the limit.
    private static string Replace(Renderer renderer, string s, string target, string replacement)
    {
        long count = 0;
        if (target.Length == 0)
        {
            count = s.Length + 1;
        }
        else
        {
            for (var i = s.IndexOf(target, StringComparison.Ordinal); i >= 0; i = s.IndexOf(target, i + target.Length, StringComparison.Ordinal))
            {
                count++;
            }
        }

        var length = s.Length + (count * (replacement.Length - (long)target.Length));
        if (length > renderer.Limits.MaxOutputLength)
        {
            throw new TemplateRuntimeException(RenderErrorKind.OutputTooLarge, $"a string is longer than {renderer.Limits.MaxOutputLength} characters");
        }

        return target.Length == 0
            ? s.Length == 0 ? replacement : replacement + string.Join(replacement, s.Select(c => c.ToString())) + replacement
            : s.Replace(target, replacement, StringComparison.Ordinal);
    }

    private static string ReplaceMatches(Renderer renderer, string s, Regex regex, string replacement, int maxCount)
    {
        var translated = JavaRegex.TranslateReplacement(replacement, regex);
        var sb = new System.Text.StringBuilder();
        var index = 0;
        var count = 0;
        for (var match = regex.Match(s); match.Success && count < maxCount; match = match.NextMatch(), count++)
        {
            sb.Append(s, index, match.Index - index).Append(match.Result(translated));
            index = match.Index + match.Length;
            if (sb.Length > renderer.Limits.MaxOutputLength)
            {
                throw new TemplateRuntimeException(RenderErrorKind.OutputTooLarge, $"a string is longer than {renderer.Limits.MaxOutputLength} characters");
            }

            renderer.Step();
        }

        return renderer.CheckLength(sb.Append(s, index, s.Length - index).ToString());
    }

    private static object? MapMethod(Renderer renderer, TemplateMap map, string name, object?[] args)
    {
        var a0 = args.Length > 0 ? args[0] : null;
        switch (name, args.Length)
        {
            case ("get", 1):
                return a0 is null ? null : map[renderer.Text(a0)];
            case ("getOrDefault", 2):
                return a0 is not null && map.TryGetValue(renderer.Text(a0), out var found) ? found : args[1];
            case ("containsKey", 1):
                return a0 is not null && map.ContainsKey(renderer.Text(a0));
            case ("containsValue", 1):
                return map.Entries.Any(e => ItemEquals(e.Value, a0));
            case ("put", 2):
                {
                    if (a0 is null)
                    {
                        return null;
                    }

                    var key = renderer.Text(a0);
                    var previous = map[key];
                    map[key] = args[1];
                    return previous;
                }

            case ("putAll", 1) when a0 is TemplateMap other:
                foreach (var (key, value) in other.Entries.ToList())
                {
                    map[key] = value;
                }

                return null;
            case ("remove", 1):
                {
                    if (a0 is null)
                    {
                        return null;
                    }

                    var key = renderer.Text(a0);
                    var previous = map[key];
                    map.Remove(key);
                    return previous;
                }

            case ("size", 0):
                return (long)map.Count;
            case ("isEmpty", 0):
                return map.Count == 0;
            case ("keySet", 0):
                return new TemplateList(map.Keys.Cast<object?>().ToList(), isJson: false);
            case ("values", 0):
                return new TemplateList(map.Entries.Select(e => e.Value).ToList(), isJson: false);
            case ("entrySet", 0):
                return new TemplateList(map.Entries.Select(e => (object?)new MapEntry(e.Key, e.Value)).ToList(), isJson: false);
            case ("clear", 0):
                map.Clear();
                return null;
            case ("toString", 0):
                return renderer.Text(map);
            case ("equals", 1):
                return TemplateValues.StructuralEquals(map, a0);
            default:
                // Velocity falls back to get("name") for a map's unknown getter: $map.getFoo() is not that, so null.
                return null;
        }
    }

    private static object? ListMethod(Renderer renderer, TemplateList list, string name, object?[] args)
    {
        var a0 = args.Length > 0 ? args[0] : null;
        switch (name, args.Length)
        {
            case ("size", 0):
            case ("count", 0): // the mapping template reference documents $input.path('$.pets').count()
                return (long)list.Count;
            case ("isEmpty", 0):
                return list.Count == 0;
            case ("get", 1) when a0 is long i:
                return i >= 0 && i < list.Count ? list[(int)i] : throw OutOfRange("get", i, list.Count);
            case ("contains", 1):
                return list.IndexOf(item => ItemEquals(item, a0)) >= 0;
            case ("indexOf", 1):
                return (long)list.IndexOf(item => ItemEquals(item, a0));
            case ("lastIndexOf", 1):
                return (long)list.LastIndexOf(item => ItemEquals(item, a0));
            case ("add", 1):
                renderer.CheckSize(list.Count + 1);
                list.Add(a0);
                return true;
            case ("add", 2) when a0 is long i:
                if (i < 0 || i > list.Count)
                {
                    throw OutOfRange("add", i, list.Count);
                }

                renderer.CheckSize(list.Count + 1);
                list.Insert((int)i, TemplateValues.Check(args[1]));
                return null;
            case ("addAll", 1) when a0 is TemplateList other:
                renderer.CheckSize(list.Count + other.Count);
                foreach (var item in other.Items.ToList())
                {
                    list.Add(item);
                }

                return other.Count > 0;
            case ("set", 2) when a0 is long i:
                {
                    if (i < 0 || i >= list.Count)
                    {
                        throw OutOfRange("set", i, list.Count);
                    }

                    var previous = list[(int)i];
                    list[(int)i] = args[1];
                    return previous;
                }

            case ("remove", 1) when a0 is long i:
                {
                    if (i < 0 || i >= list.Count)
                    {
                        throw OutOfRange("remove", i, list.Count);
                    }

                    var previous = list[(int)i];
                    list.RemoveAt((int)i);
                    return previous;
                }

            case ("remove", 1):
                {
                    var index = list.IndexOf(item => ItemEquals(item, a0));
                    if (index >= 0)
                    {
                        list.RemoveAt(index);
                    }

                    return index >= 0;
                }

            case ("subList", 2) when a0 is long from && args[1] is long to:
                return from >= 0 && to <= list.Count && from <= to
                    ? new TemplateList(list.Items.Skip((int)from).Take((int)(to - from)).ToList(), list.IsJson)
                    : throw OutOfRange("subList", from, list.Count);
            case ("clear", 0):
                list.Clear();
                return null;
            case ("toString", 0):
                return renderer.Text(list);
            case ("equals", 1):
                return TemplateValues.StructuralEquals(list, a0);
            default:
                return null;
        }
    }

    private static bool ItemEquals(object? item, object? value) =>
        TemplateValues.IsNumber(item) && TemplateValues.IsNumber(value)
            ? TemplateValues.ToDouble(item!) == TemplateValues.ToDouble(value!)
            : TemplateValues.StructuralEquals(item, value);

    private static object? NumberMethod(Renderer renderer, object number, string name, object?[] args) => (name, args.Length) switch
    {
        ("toString", 0) => renderer.Text(number),
        ("intValue", 0) => number is long l ? (long)unchecked((int)l) : (long)unchecked((int)(double)number),
        ("longValue", 0) => number is long l ? l : (long)(double)number,
        ("doubleValue", 0) => TemplateValues.ToDouble(number),
        ("equals", 1) => args[0] is not null && args[0]!.GetType() == number.GetType() && args[0]!.Equals(number),
        ("compareTo", 1) when TemplateValues.IsNumber(args[0]) => (long)Arithmetic.Compare(number, args[0]!),
        _ => null,
    };

    private static TemplateRuntimeException OutOfRange(string method, long index, int length) =>
        new(RenderErrorKind.EvaluationError, string.Create(CultureInfo.InvariantCulture, $"{method}: index {index} out of range for length {length}"));
}
