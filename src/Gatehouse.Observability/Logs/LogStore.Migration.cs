namespace Gatehouse.Observability.Logs;

/// <summary>What an older store needs when it is opened: chunks for its rows per event, a codec for its chunks.</summary>
public sealed partial class LogStore
{
    /// <summary>
    /// Gives a store whose chunks predate compression the <c>codec</c> column: its chunks read as <see cref="ChunkCodec.Raw"/>
    /// (the column's default), new ones are compressed.
    /// </summary>
    private void AddCodecColumn()
    {
        if (Scalar(_writer, "SELECT count(*) FROM pragma_table_info('log_chunks') WHERE name = 'codec';") is not (long and 0))
        {
            return;
        }

        Execute(_writer, "ALTER TABLE log_chunks ADD COLUMN codec INTEGER NOT NULL DEFAULT 0;");
    }

    /// <summary>
    /// Rewrites the events of a store written with one row per event (table <c>log_events</c>) as chunks, in one
    /// transaction with dropping that table: a crash halfway leaves the old layout, which the next start migrates.
    /// Each stream's events keep their time order and, among equal timestamps, their arrival order.
    /// </summary>
    private void MigrateEventRows()
    {
        if (Scalar(_writer, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'log_events';") is not (long and > 0))
        {
            return;
        }

        Write(transaction =>
        {
            using (var command = Command(_writer, """
                SELECT group_id, stream_id, timestamp, ingestion_time, message FROM log_events ORDER BY stream_id, timestamp, id;
                """, transaction, []))
            using (var reader = command.ExecuteReader())
            {
                var events = new List<ChunkInput>();
                long groupId = 0, streamId = -1, ingestion = 0;
                void Flush()
                {
                    LogChunk.Encode(events, EncodeBuffer, chunk => InsertChunk(transaction, groupId, streamId, chunk, firstIndex: 0, ingestion));

                    events.Clear();
                    ingestion = 0;
                }

                while (reader.Read())
                {
                    if (reader.GetInt64(1) != streamId && events.Count > 0)
                    {
                        Flush();
                    }

                    groupId = reader.GetInt64(0);
                    streamId = reader.GetInt64(1);
                    ingestion = Math.Max(ingestion, reader.GetInt64(3));
                    events.Add(new ChunkInput(reader.GetInt64(2), reader.GetString(4)));
                }

                if (events.Count > 0)
                {
                    Flush();
                }
            }

            Execute(_writer, "DROP TABLE log_events;", transaction);
            return 0;
        });
    }
}
