namespace Gatehouse.Observability.Logs;

/// <summary>The retention periods CloudWatch Logs accepts, and when an event falls out of one.</summary>
public static class LogRetention
{
    /// <summary>PutRetentionPolicy's allowed values (the API reference's list, 1096 included).</summary>
    public static IReadOnlyList<int> AllowedDays { get; } =
        [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

    public const long MillisecondsPerDay = 86_400_000;

    public static bool IsAllowed(int days) => AllowedDays.Contains(days);

    /// <summary>The oldest timestamp still retained at <paramref name="now"/> (ms), or 0 without a retention policy.</summary>
    public static long Cutoff(int? retentionInDays, long now) =>
        retentionInDays is { } days ? Math.Max(0, now - (days * MillisecondsPerDay)) : 0;
}
