using System.Globalization;
using System.Text;
using System.Text.Json;
using Gatehouse.Observability.Storage;
using Microsoft.Data.Sqlite;

namespace Gatehouse.Observability.Metrics;

/// <summary>
/// The metric store: one row per metric, minute and unit in <see cref="CloudWatchDatabase"/>, merged on write (counts
/// and sums add, minimum and maximum widen, distributions merge), read back aggregated by any period that is a
/// multiple of a minute. One-minute data is kept for 15 days, as CloudWatch keeps it; older rows are swept
/// (<see cref="SweepAsync"/>) and not rolled up into coarser resolutions.
/// </summary>
public sealed class MetricStore(CloudWatchDatabase database, TimeProvider time) : IMetricSink, IMetricStatistics
{
    /// <summary>How long CloudWatch keeps one-minute datapoints.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(15);

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
            var result = stored is null ? row : stored.Merge(row);
            await using var write = connection.CreateCommand();
            write.Transaction = transaction;
            write.CommandText = """
                INSERT OR REPLACE INTO datapoints (metric_id, minute, unit, sample_count, sum, minimum, maximum, distribution)
                VALUES ($id, $minute, $unit, $count, $sum, $min, $max, $distribution);
                """;
            write.Parameters.AddWithValue("$id", metricId);
            write.Parameters.AddWithValue("$minute", minute);
            write.Parameters.AddWithValue("$unit", unit);
            write.Parameters.AddWithValue("$count", result.SampleCount);
            write.Parameters.AddWithValue("$sum", result.Sum);
            write.Parameters.AddWithValue("$min", result.Minimum);
            write.Parameters.AddWithValue("$max", result.Maximum);
            write.Parameters.AddWithValue("$distribution", MetricDistribution.Encode(result.Distribution));
            await write.ExecuteNonQueryAsync(cancellationToken);
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
        if (endMinute <= startMinute)
        {
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

    /// <summary>Deletes datapoints older than the retention, and metrics left without any; returns the rows deleted.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var cutoff = MinuteOf(time.GetUtcNow() - Retention);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction();
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
