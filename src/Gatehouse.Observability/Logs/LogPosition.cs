using System.Globalization;

namespace Gatehouse.Observability.Logs;

/// <summary>
/// Where an event sits in the order CloudWatch Logs returns events: by timestamp, then by arrival (the store's row id).
/// Written as 56 digits (as AWS's event ids and <c>f/…</c>, <c>b/…</c> tokens are): the timestamp plus one, the id,
/// and zeros.
/// </summary>
public readonly record struct LogPosition(long Timestamp, long Id) : IComparable<LogPosition>
{
    private const int Digits = 56;

    /// <summary>Before every event.</summary>
    public static LogPosition Start { get; } = new(-1, 0);

    /// <summary>After every event.</summary>
    public static LogPosition End { get; } = new(long.MaxValue - 1, long.MaxValue);

    public int CompareTo(LogPosition other) =>
        Timestamp != other.Timestamp ? Timestamp.CompareTo(other.Timestamp) : Id.CompareTo(other.Id);

    public static bool operator <(LogPosition left, LogPosition right) => left.CompareTo(right) < 0;

    public static bool operator >(LogPosition left, LogPosition right) => left.CompareTo(right) > 0;

    public static bool operator <=(LogPosition left, LogPosition right) => left.CompareTo(right) <= 0;

    public static bool operator >=(LogPosition left, LogPosition right) => left.CompareTo(right) >= 0;

    public string Format() => string.Create(CultureInfo.InvariantCulture, $"{Timestamp + 1:D19}{Id:D19}{0:D18}");

    public static bool TryParse(string? text, out LogPosition position)
    {
        position = default;
        if (text is null || text.Length != Digits || text.AsSpan(38).ContainsAnyExcept('0') ||
            !long.TryParse(text.AsSpan(0, 19), NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp) ||
            !long.TryParse(text.AsSpan(19, 19), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return false;
        }

        position = new LogPosition(timestamp - 1, id);
        return true;
    }

    public override string ToString() => Format();
}
