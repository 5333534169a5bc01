using System.Globalization;
using System.Text;
using System.Text.Json;
using Gatehouse.Observability.Storage;
using Microsoft.Data.Sqlite;

namespace Gatehouse.Observability.Metrics;

/// <summary>
/// The metric store: one row per metric, minute and unit in <see cref="CloudWatchDatabase"/>, merged on write (counts
/// and sums add, minimum and maximum widen, distributions merge), read back aggregated by any period that is a
/// multiple of a minute. Retention follows CloudWatch (<see cref="SweepAsync"/>): one-minute data for 15 days, then
/// rolled up into five-minute datapoints kept to 63 days, then into one-hour datapoints kept to 455 days.
/// </summary>
public sealed class MetricStore(CloudWatchDatabase database, TimeProvider time) : IMetricSink, IMetricStatistics
{
    /// <summary>How long CloudWatch keeps one-minute datapoints.</summary>
    public static readonly TimeSpan OneMinuteRetention = TimeSpan.FromDays(15);

    /// <summary>How long CloudWatch keeps five-minute datapoints.</summary>
    public static readonly TimeSpan FiveMinuteRetention = TimeSpan.FromDays(63);

    /// <summary>How long CloudWatch keeps one-hour datapoints: after that, data is gone.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(455);

    /// <summary>ListMetrics lists metrics with data in this window.</summary>
    public static readonly TimeSpan ListWindow = TimeSpan.FromDays(14);

    /// <summary>ListMetrics' <c>RecentlyActive=PT3H</c>.</summary>
    public static readonly TimeSpan RecentlyActiveWindow = TimeSpan.FromHours(3);

    public async Task WriteAsync(IReadOnlyList<MetricDatum> data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Count == 0)
        {
            return;
        }

        // Datapoints of one metric, minute and unit are merged before they reach the database.
        var merged = new Dictionary<(MetricKey, long, string), Row>();
        foreach (var datum in data)
        {
            var key = (datum.Metric, MinuteOf(datum.Timestamp), datum.Unit);
            var row = Row.From(datum);
            merged[key] = merged.TryGetValue(key, out var existing) ? existing.Merge(row) : row;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction();
        var metricIds = new Dictionary<MetricKey, long>();
        foreach (var ((metric, minute, unit), row) in merged)
        {
            var metricId = await UpsertMetricAsync(connection, transaction, metric, minute, cancellationToken);
            metricIds[metric] = metricId;
            var stored = await ReadRowAsync(connection, transaction, metricId, minute, unit, cancellationToken);
            await WriteRowAsync(connection, transaction, metricId, minute, unit, stored is null ? row : stored.Merge(row), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<PeriodStatistics>> GetStatisticsAsync(StatisticsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.PeriodSeconds <= 0 || query.PeriodSeconds % 60 != 0)
        {
            throw new ArgumentException("The period must be a positive multiple of 60 seconds.", nameof(query));
        }

        var startMinute = MinuteOf(query.StartTime);
        var endMinute = CeilingMinuteOf(query.EndTime);
        if (endMinute <= startMinute || query.PeriodSeconds % StoredPeriodSeconds(query.StartTime) != 0)
        {
            // CloudWatch answers no datapoints for a period finer than what it keeps from the start time on.
            return [];
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var metricId = await FindMetricAsync(connection, query.Metric, cancellationToken);
        if (metricId is null)
        {
            return [];
        }

        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT minute, unit, sample_count, sum, minimum, maximum, distribution FROM datapoints
            WHERE metric_id = $id AND minute >= $start AND minute < $end AND ($unit IS NULL OR unit = $unit)
            ORDER BY minute;
            """;
        command.Parameters.AddWithValue("$id", metricId.Value);
        command.Parameters.AddWithValue("$start", startMinute);
        command.Parameters.AddWithValue("$end", endMinute);
        command.Parameters.AddWithValue("$unit", (object?)query.Unit ?? DBNull.Value);
        var periodMinutes = query.PeriodSeconds / 60;
        var periods = new SortedDictionary<long, (Row Row, HashSet<string> Units)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var minute = reader.GetInt64(0);
                var unit = reader.GetString(1);
                var row = ReadRow(reader, 2);
                var period = startMinute + ((minute - startMinute) / periodMinutes * periodMinutes);
                if (periods.TryGetValue(period, out var existing))
                {
                    existing.Units.Add(unit);
                    periods[period] = (existing.Row.Merge(row), existing.Units);
                }
                else
                {
                    periods[period] = (row, [unit]);
                }
            }
        }

        return [.. periods.Select(p => ToStatistics(p.Key, p.Value.Row, p.Value.Units, query.Percentiles))];
    }

    /// <summary>
    /// The period the store keeps from <paramref name="startTime"/> on, which a query's period must be a multiple of:
    /// a minute for data up to 15 days old, five minutes to 63 days, an hour beyond (GetMetricStatistics' Period).
    /// </summary>
    private int StoredPeriodSeconds(DateTimeOffset startTime)
    {
        var age = time.GetUtcNow() - startTime;
        return age > FiveMinuteRetention ? 3600 : age > OneMinuteRetention ? 300 : 60;
    }

    /// <summary>The metrics ListMetrics answers with, sorted by namespace, name and dimensions.</summary>
    public async Task<IReadOnlyList<MetricKey>> ListMetricsAsync(ListMetricsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var since = MinuteOf(time.GetUtcNow() - (query.RecentlyActive ? RecentlyActiveWindow : ListWindow));
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT namespace, metric_name, dimensions FROM metrics
            WHERE last_minute >= $since AND ($namespace IS NULL OR namespace = $namespace) AND ($name IS NULL OR metric_name = $name)
            ORDER BY namespace, metric_name, dimensions;
            """;
        command.Parameters.AddWithValue("$since", since);
        command.Parameters.AddWithValue("$namespace", (object?)query.Namespace ?? DBNull.Value);
        command.Parameters.AddWithValue("$name", (object?)query.MetricName ?? DBNull.Value);
        var result = new List<MetricKey>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var metric = new MetricKey(reader.GetString(0), reader.GetString(1), DecodeDimensions(reader.GetString(2)));
            if (query.Dimensions.All(filter => metric.Dimensions.Any(d => d.Name == filter.Name && (filter.Value is null || d.Value == filter.Value))))
            {
                result.Add(metric);
            }
        }

        return result;
    }

    /// <summary>
    /// Rolls one-minute datapoints older than 15 days into five-minute ones and those older than 63 days into one-hour
    /// ones (a row at an aligned minute then holds its whole interval), deletes datapoints older than 455 days and
    /// metrics left without any; returns the rows deleted.
    /// </summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var cutoff = MinuteOf(now - Retention);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction();
        await RollUpAsync(connection, transaction, MinuteOf(now - OneMinuteRetention), 5, cancellationToken);
        await RollUpAsync(connection, transaction, MinuteOf(now - FiveMinuteRetention), 60, cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            DELETE FROM datapoints WHERE minute < $cutoff;
            DELETE FROM metrics WHERE last_minute < $cutoff AND NOT EXISTS (SELECT 1 FROM datapoints WHERE metric_id = metrics.id);
            """;
        command.Parameters.AddWithValue("$cutoff", cutoff);
        var deleted = await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    /// <summary>
    /// Merges every row before <paramref name="beforeMinute"/> that is not at a multiple of <paramref name="minutes"/>
    /// into the row of its interval's first minute. Idempotent: rows already at aligned minutes stay as they are.
    /// </summary>
    private static async Task RollUpAsync(SqliteConnection connection, SqliteTransaction transaction, long beforeMinute, int minutes, CancellationToken cancellationToken)
    {
        var merged = new Dictionary<(long MetricId, long Minute, string Unit), Row>();
        await using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = """
                SELECT metric_id, minute, unit, sample_count, sum, minimum, maximum, distribution FROM datapoints
                WHERE minute < $before AND minute % $minutes != 0;
                """;
            select.Parameters.AddWithValue("$before", beforeMinute);
            select.Parameters.AddWithValue("$minutes", minutes);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var minute = reader.GetInt64(1);
                var key = (reader.GetInt64(0), minute - (((minute % minutes) + minutes) % minutes), reader.GetString(2));
                var row = ReadRow(reader, 3);
                merged[key] = merged.TryGetValue(key, out var existing) ? existing.Merge(row) : row;
            }
        }

        if (merged.Count == 0)
        {
            return;
        }

        await using (var delete = connection.CreateCommand())
        {
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM datapoints WHERE minute < $before AND minute % $minutes != 0;";
            delete.Parameters.AddWithValue("$before", beforeMinute);
            delete.Parameters.AddWithValue("$minutes", minutes);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var ((metricId, minute, unit), row) in merged)
        {
            var stored = await ReadRowAsync(connection, transaction, metricId, minute, unit, cancellationToken);
            await WriteRowAsync(connection, transaction, metricId, minute, unit, stored is null ? row : stored.Merge(row), cancellationToken);
        }
    }

    internal static long MinuteOf(DateTimeOffset timestamp) => (long)Math.Floor(timestamp.ToUnixTimeMilliseconds() / 60_000.0);

    private static long CeilingMinuteOf(DateTimeOffset timestamp) => (long)Math.Ceiling(timestamp.ToUnixTimeMilliseconds() / 60_000.0);

    private static PeriodStatistics ToStatistics(long minute, Row row, HashSet<string> units, IReadOnlyList<double> percentiles)
    {
        // Percentiles need every sample's value: a statistic set (count, sum, min, max) alone does not say them. As on
        // CloudWatch, they are not available either for a metric with negative values.
        var complete = Math.Abs(MetricDistribution.Total(row.Distribution) - row.SampleCount) <= 1e-6 * Math.Max(1, row.SampleCount) &&
            row.Minimum >= 0;
        var values = percentiles.Select(p => complete ? MetricDistribution.Percentile(row.Distribution, p) : double.NaN).ToList();
        return new PeriodStatistics(
            DateTimeOffset.FromUnixTimeSeconds(minute * 60), row.SampleCount, row.Sum, row.Minimum, row.Maximum,
            units.Count == 1 ? units.First() : "None", values);
    }

    private static async Task<long> UpsertMetricAsync(SqliteConnection connection, SqliteTransaction transaction, MetricKey metric, long minute, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO metrics (namespace, metric_name, dimensions, last_minute) VALUES ($namespace, $name, $dimensions, $minute)
            ON CONFLICT (namespace, metric_name, dimensions) DO UPDATE SET last_minute = MAX(last_minute, excluded.last_minute)
            RETURNING id;
            """;
        command.Parameters.AddWithValue("$namespace", metric.Namespace);
        command.Parameters.AddWithValue("$name", metric.MetricName);
        command.Parameters.AddWithValue("$dimensions", EncodeDimensions(metric));
        command.Parameters.AddWithValue("$minute", minute);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private static async Task<long?> FindMetricAsync(SqliteConnection connection, MetricKey metric, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM metrics WHERE namespace = $namespace AND metric_name = $name AND dimensions = $dimensions;";
        command.Parameters.AddWithValue("$namespace", metric.Namespace);
        command.Parameters.AddWithValue("$name", metric.MetricName);
        command.Parameters.AddWithValue("$dimensions", EncodeDimensions(metric));
        var id = await command.ExecuteScalarAsync(cancellationToken);
        return id is null or DBNull ? null : Convert.ToInt64(id, CultureInfo.InvariantCulture);
    }

    private static async Task<Row?> ReadRowAsync(SqliteConnection connection, SqliteTransaction transaction, long metricId, long minute, string unit, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT sample_count, sum, minimum, maximum, distribution FROM datapoints
            WHERE metric_id = $id AND minute = $minute AND unit = $unit;
            """;
        command.Parameters.AddWithValue("$id", metricId);
        command.Parameters.AddWithValue("$minute", minute);
        command.Parameters.AddWithValue("$unit", unit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadRow(reader, 0) : null;
    }

    private static async Task WriteRowAsync(SqliteConnection connection, SqliteTransaction transaction, long metricId, long minute, string unit, Row row, CancellationToken cancellationToken)
    {
        await using var write = connection.CreateCommand();
        write.Transaction = transaction;
        write.CommandText = """
            INSERT OR REPLACE INTO datapoints (metric_id, minute, unit, sample_count, sum, minimum, maximum, distribution)
            VALUES ($id, $minute, $unit, $count, $sum, $min, $max, $distribution);
            """;
        write.Parameters.AddWithValue("$id", metricId);
        write.Parameters.AddWithValue("$minute", minute);
        write.Parameters.AddWithValue("$unit", unit);
        write.Parameters.AddWithValue("$count", row.SampleCount);
        write.Parameters.AddWithValue("$sum", row.Sum);
        write.Parameters.AddWithValue("$min", row.Minimum);
        write.Parameters.AddWithValue("$max", row.Maximum);
        write.Parameters.AddWithValue("$distribution", MetricDistribution.Encode(row.Distribution));
        await write.ExecuteNonQueryAsync(cancellationToken);
    }

    private static Row ReadRow(SqliteDataReader reader, int first) => new(
        reader.GetDouble(first),
        reader.GetDouble(first + 1),
        reader.GetDouble(first + 2),
        reader.GetDouble(first + 3),
        MetricDistribution.Decode((byte[])reader.GetValue(first + 4)));

    /// <summary>The dimensions as stored: a JSON array of [name, value] pairs, sorted by name (one text per dimension set).</summary>
    internal static string EncodeDimensions(MetricKey metric)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var dimension in metric.Dimensions)
            {
                writer.WriteStartArray();
                writer.WriteStringValue(dimension.Name);
                writer.WriteStringValue(dimension.Value);
                writer.WriteEndArray();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static List<MetricDimension> DecodeDimensions(string text)
    {
        using var document = JsonDocument.Parse(text);
        return [.. document.RootElement.EnumerateArray().Select(pair => new MetricDimension(pair[0].GetString()!, pair[1].GetString()!))];
    }

    /// <summary>One datapoint's aggregate, as stored.</summary>
    private sealed record Row(double SampleCount, double Sum, double Minimum, double Maximum, List<MetricValueCount> Distribution)
    {
        public static Row From(MetricDatum datum) => new(
            datum.SampleCount, datum.Sum, datum.Minimum, datum.Maximum, MetricDistribution.Normalize(datum.Distribution));

        public Row Merge(Row other) => new(
            SampleCount + other.SampleCount,
            Sum + other.Sum,
            Math.Min(Minimum, other.Minimum),
            Math.Max(Maximum, other.Maximum),
            MetricDistribution.Merge(Distribution, other.Distribution));
    }
}
