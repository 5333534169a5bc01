using Gatehouse.Observability.Logs;

namespace Gatehouse.UnitTests.Observability.Logs;

public sealed class LogStoreTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "gatehouse-logstore-" + Guid.NewGuid().ToString("N"));
    private readonly ManualTimeProvider _time = new();
    private LogStore _store;

    public LogStoreTests() => _store = LogStore.InDataDirectory(_directory, _time);

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    public void Dispose()
    {
        _store.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void CreateGroup_Twice_IsAlreadyExists()
    {
        Assert.Equal(LogStoreStatus.Ok, _store.CreateGroup("g"));
        Assert.Equal(LogStoreStatus.AlreadyExists, _store.CreateGroup("g"));
        Assert.Equal(Now, _store.GetGroup("g")!.CreationTime);
    }

    [Fact]
    public void CreateStream_MissingGroupOrDuplicate_SaysWhich()
    {
        Assert.Equal(LogStoreStatus.GroupNotFound, _store.CreateStream("nope", "s"));
        _store.CreateGroup("g");
        Assert.Equal(LogStoreStatus.Ok, _store.CreateStream("g", "s"));
        Assert.Equal(LogStoreStatus.AlreadyExists, _store.CreateStream("g", "s"));
        Assert.Equal(LogStoreStatus.StreamNotFound, _store.DeleteStream("g", "other"));
        Assert.Equal(LogStoreStatus.GroupNotFound, _store.DeleteStream("nope", "s"));
    }

    [Fact]
    public void PutEvents_UpdatesStreamTimesAndGroupBytes()
    {
        Given("g", "s");
        _store.PutEvents("g", "s", [new(Now - 5000, "abc"), new(Now - 1000, "défg")]);

        var stream = _store.GetStream("g", "s")!;
        Assert.Equal(Now - 5000, stream.FirstEventTimestamp);
        Assert.Equal(Now - 1000, stream.LastEventTimestamp);
        Assert.Equal(Now, stream.LastIngestionTime);
        Assert.Equal(3 + 5, _store.GetGroup("g")!.StoredBytes);
    }

    [Fact]
    public void ReadEvents_ForwardFromTheStart_PagesThroughEveryEventInTimeOrder()
    {
        Given("g", "s");
        // Out of time order across calls: reads are in timestamp order, ties in arrival order.
        _store.PutEvents("g", "s", [new(Now - 100, "c"), new(Now - 100, "d"), new(Now - 50, "e")]);
        _store.PutEvents("g", "s", [new(Now - 300, "a"), new(Now - 200, "b")]);

        var messages = new List<string>();
        var from = LogPosition.Start;
        while (true)
        {
            Assert.Equal(LogStoreStatus.Ok, _store.ReadEvents("g", "s", 0, long.MaxValue, from, true, 2, out var page));
            if (page.Count == 0)
            {
                break;
            }

            messages.AddRange(page.Select(e => e.Message));
            from = page[^1].Position;
        }

        Assert.Equal(["a", "b", "c", "d", "e"], messages);
    }

    [Fact]
    public void ReadEvents_BackwardFromTheEnd_GivesTheLastEventsInAscendingOrder()
    {
        Given("g", "s");
        _store.PutEvents("g", "s", [new(Now - 4, "a"), new(Now - 3, "b"), new(Now - 2, "c"), new(Now - 1, "d")]);

        _store.ReadEvents("g", "s", 0, long.MaxValue, LogPosition.End, false, 2, out var last);
        _store.ReadEvents("g", "s", 0, long.MaxValue, last[0].Position, false, 2, out var before);
        _store.ReadEvents("g", "s", 0, long.MaxValue, before[0].Position, false, 2, out var none);

        Assert.Equal(["c", "d"], last.Select(e => e.Message));
        Assert.Equal(["a", "b"], before.Select(e => e.Message));
        Assert.Empty(none);
    }

    [Fact]
    public void ReadEvents_TimeRange_IncludesStartExcludesEnd()
    {
        Given("g", "s");
        _store.PutEvents("g", "s", [new(1000, "a"), new(2000, "b"), new(3000, "c")]);

        _store.ReadEvents("g", "s", 2000, 3000, LogPosition.Start, true, 100, out var events);

        Assert.Equal(["b"], events.Select(e => e.Message));
    }

    [Fact]
    public void ReadEvents_OlderThanTheRetention_AreHiddenAndThenSwept()
    {
        Given("g", "s");
        var day = LogRetention.MillisecondsPerDay;
        _store.PutEvents("g", "s", [new(Now - (3 * day), "old"), new(Now - (2 * day), "middle"), new(Now - 1000, "new")]);
        var bytesBefore = _store.GetGroup("g")!.StoredBytes;

        _store.SetRetention("g", 3);
        _time.Advance(TimeSpan.FromHours(1));
        _store.ReadEvents("g", "s", 0, long.MaxValue, LogPosition.Start, true, 100, out var visible);
        var filtered = _store.FilterEvents("g", new EventFilter())!;

        Assert.Equal(["middle", "new"], visible.Select(e => e.Message));
        Assert.Equal(["middle", "new"], filtered.Events.Select(e => e.Message));
        Assert.Equal(1, _store.SweepExpired());
        Assert.Equal(bytesBefore - 3, _store.GetGroup("g")!.StoredBytes);

        _store.SetRetention("g", null);
        _store.ReadEvents("g", "s", 0, long.MaxValue, LogPosition.Start, true, 100, out var afterSweep);
        Assert.Equal(["middle", "new"], afterSweep.Select(e => e.Message));
    }

    [Fact]
    public void SweepExpired_GroupWithoutRetention_KeepsEverything()
    {
        Given("g", "s");
        _store.PutEvents("g", "s", [new(1, "ancient")]);

        Assert.Equal(0, _store.SweepExpired());
        _store.ReadEvents("g", "s", 0, long.MaxValue, LogPosition.Start, true, 100, out var events);
        Assert.Single(events);
    }

    [Fact]
    public void Restart_KeepsGroupsStreamsEventsAndRetention()
    {
        Given("g", "s");
        _store.PutEvents("g", "s", [new(Now, "kept")]);
        _store.SetRetention("g", 7);
        _store.Append([new PendingLogEvent("/aws/lambda/f", "2026/11/25/[$LATEST]abc", Now, "from the writer")]);

        _store.Dispose();
        _store = LogStore.InDataDirectory(_directory, _time);

        Assert.Equal(7, _store.GetGroup("g")!.RetentionInDays);
        _store.ReadEvents("g", "s", 0, long.MaxValue, LogPosition.Start, true, 100, out var events);
        Assert.Equal("kept", Assert.Single(events).Message);
        var written = _store.FilterEvents("/aws/lambda/f", new EventFilter())!;
        Assert.Equal("from the writer", Assert.Single(written.Events).Message);
    }

    [Fact]
    public void Append_MissingGroupAndStream_CreatesThem()
    {
        _store.Append([new PendingLogEvent("new/group", "a", Now, "one"), new PendingLogEvent("new/group", "b", Now, "two")]);

        Assert.NotNull(_store.GetGroup("new/group"));
        Assert.Equal(["a", "b"], _store.ListStreams("new/group", null, LogStreamOrder.LogStreamName, false, null, 10)!.Select(s => s.Name));
    }

    [Fact]
    public void Append_AfterTheStreamWasDeleted_RecreatesItWithoutOldEvents()
    {
        _store.Append([new PendingLogEvent("g", "s", Now, "first")]);
        Assert.Equal(LogStoreStatus.Ok, _store.DeleteStream("g", "s"));

        _store.Append([new PendingLogEvent("g", "s", Now, "second")]);

        Assert.Equal(LogStoreStatus.Ok, _store.ReadEvents("g", "s", 0, long.MaxValue, LogPosition.Start, true, 100, out var events));
        Assert.Equal("second", Assert.Single(events).Message);
    }

    [Fact]
    public void DeleteGroup_RemovesStreamsAndEvents()
    {
        Given("g", "s");
        _store.PutEvents("g", "s", [new(Now, "x")]);

        Assert.Equal(LogStoreStatus.Ok, _store.DeleteGroup("g"));
        Assert.Equal(LogStoreStatus.GroupNotFound, _store.DeleteGroup("g"));
        _store.CreateGroup("g");
        Assert.Empty(_store.ListStreams("g", null, LogStreamOrder.LogStreamName, false, null, 10)!);
        Assert.Empty(_store.FilterEvents("g", new EventFilter())!.Events);
    }

    [Fact]
    public void ListGroups_PrefixPatternAndPaging_InOrdinalNameOrder()
    {
        foreach (var name in new[] { "b/api", "a/api", "A/web", "b/web" })
        {
            _store.CreateGroup(name);
        }

        Assert.Equal(["A/web", "a/api", "b/api", "b/web"], _store.ListGroups(null, null, null, 10).Select(g => g.Name));
        Assert.Equal(["b/api", "b/web"], _store.ListGroups("b/", null, null, 10).Select(g => g.Name));
        Assert.Equal(["a/api", "b/api"], _store.ListGroups(null, "api", null, 10).Select(g => g.Name));
        Assert.Equal(["b/api", "b/web"], _store.ListGroups(null, null, "a/api", 2).Select(g => g.Name));
    }

    [Fact]
    public void ListStreams_ByLastEventTimeDescending_NewestFirstWithPaging()
    {
        Given("g", "quiet");
        Given("g", "old");
        Given("g", "new");
        _store.PutEvents("g", "old", [new(Now - 1000, "x")]);
        _store.PutEvents("g", "new", [new(Now - 10, "x")]);

        var first = _store.ListStreams("g", null, LogStreamOrder.LastEventTime, true, null, 2)!;
        var last = first[^1];
        var rest = _store.ListStreams("g", null, LogStreamOrder.LastEventTime, true, new LogStreamCursor(last.LastEventTimestamp ?? 0, last.Name), 2)!;

        Assert.Equal(["new", "old"], first.Select(s => s.Name));
        Assert.Equal(["quiet"], rest.Select(s => s.Name));
        Assert.Null(_store.ListStreams("missing", null, LogStreamOrder.LogStreamName, false, null, 2));
    }

    [Fact]
    public void FilterEvents_AcrossStreams_InterleavesByTimeAndPagesWithoutGapsOrRepeats()
    {
        Given("g", "a");
        Given("g", "b");
        _store.PutEvents("g", "a", [new(Now - 50, "a1 ERROR"), new(Now - 30, "a2"), new(Now - 10, "a3 ERROR")]);
        _store.PutEvents("g", "b", [new(Now - 40, "b1 ERROR"), new(Now - 20, "b2 ERROR")]);

        var found = new List<string>();
        var after = LogPosition.Start;
        var pages = 0;
        while (true)
        {
            var page = _store.FilterEvents("g", new EventFilter { After = after, Limit = 2, Matches = m => m.Contains("ERROR") })!;
            found.AddRange(page.Events.Select(e => $"{e.LogStreamName}:{e.Message}"));
            pages++;
            if (page.Next is not { } next)
            {
                break;
            }

            after = next;
        }

        Assert.Equal(["a:a1 ERROR", "b:b1 ERROR", "b:b2 ERROR", "a:a3 ERROR"], found);
        Assert.Equal(2, pages);
    }

    [Fact]
    public void FilterEvents_StreamNamesPrefixAndTimeRange_Narrow()
    {
        Given("g", "web-1");
        Given("g", "web-2");
        Given("g", "worker");
        _store.PutEvents("g", "web-1", [new(1000, "w1")]);
        _store.PutEvents("g", "web-2", [new(2000, "w2")]);
        _store.PutEvents("g", "worker", [new(3000, "k")]);

        Assert.Equal(["w1", "w2"], _store.FilterEvents("g", new EventFilter { StreamNamePrefix = "web-" })!.Events.Select(e => e.Message));
        Assert.Equal(["w1", "k"], _store.FilterEvents("g", new EventFilter { StreamNames = ["web-1", "worker"] })!.Events.Select(e => e.Message));
        Assert.Equal(["w2", "k"], _store.FilterEvents("g", new EventFilter { StartTime = 2000, EndTime = 3000 })!.Events.Select(e => e.Message));
        Assert.Null(_store.FilterEvents("missing", new EventFilter()));
    }

    [Fact]
    public void FilterEvents_EventIds_AreUniqueAndParseBackToTheirPosition()
    {
        Given("g", "s");
        _store.PutEvents("g", "s", [new(Now, "x"), new(Now, "y")]);

        var events = _store.FilterEvents("g", new EventFilter())!.Events;

        Assert.Equal(2, events.Select(e => e.EventId).Distinct().Count());
        Assert.All(events, e =>
        {
            Assert.Equal(56, e.EventId.Length);
            Assert.True(LogPosition.TryParse(e.EventId, out var position));
            Assert.Equal(e.Position, position);
        });
    }

    [Fact]
    public void ReadEvents_LateEventsInLaterChunks_MergeIntoTimeOrderPagingBothWays()
    {
        Given("g", "s");
        // Three appends whose times overlap: each is a chunk of its own.
        _store.Append([new PendingLogEvent("g", "s", 10, "t10"), new PendingLogEvent("g", "s", 40, "t40"), new PendingLogEvent("g", "s", 70, "t70")]);
        _store.Append([new PendingLogEvent("g", "s", 20, "t20"), new PendingLogEvent("g", "s", 40, "t40b"), new PendingLogEvent("g", "s", 60, "t60")]);
        _store.PutEvents("g", "s", [new(30, "t30"), new(80, "t80"), new(5, "t5")]);
        string[] all = ["t5", "t10", "t20", "t30", "t40", "t40b", "t60", "t70", "t80"];

        var forward = new List<string>();
        var from = LogPosition.Start;
        for (var page = 0; page < 10; page++)
        {
            _store.ReadEvents("g", "s", 0, long.MaxValue, from, true, 2, out var events);
            if (events.Count == 0)
            {
                break;
            }

            forward.AddRange(events.Select(e => e.Message));
            from = events[^1].Position;
        }

        var backward = new List<string>();
        from = LogPosition.End;
        for (var page = 0; page < 10; page++)
        {
            _store.ReadEvents("g", "s", 0, long.MaxValue, from, false, 2, out var events);
            if (events.Count == 0)
            {
                break;
            }

            backward.InsertRange(0, events.Select(e => e.Message));
            from = events[0].Position;
        }

        Assert.Equal(all, forward);
        Assert.Equal(all, backward);
        Assert.Equal(all, _store.FilterEvents("g", new EventFilter())!.Events.Select(e => e.Message));
        _store.ReadEvents("g", "s", 20, 61, LogPosition.Start, true, 100, out var window);
        Assert.Equal(["t20", "t30", "t40", "t40b", "t60"], window.Select(e => e.Message));
    }

    [Fact]
    public void ReadEvents_HoursOfChunks_FindsTheWindowAndTheEndsBothWays()
    {
        Given("g", "s");
        const long minute = 60_000;
        // Ten hours of events, a minute apart, in batches of ten minutes: one chunk per five minutes at most.
        for (var batch = 0; batch < 60; batch++)
        {
            _store.PutEvents("g", "s", [.. Enumerable.Range(0, 10).Select(i => new InputLogEvent(((batch * 10) + i) * minute, $"m{(batch * 10) + i}"))]);
        }

        _store.ReadEvents("g", "s", 300 * minute, (302 * minute) + 1, LogPosition.Start, true, 100, out var window);
        _store.ReadEvents("g", "s", 0, long.MaxValue, LogPosition.End, false, 3, out var last);
        _store.ReadEvents("g", "s", 0, long.MaxValue, LogPosition.Start, true, 3, out var first);
        var filtered = _store.FilterEvents("g", new EventFilter { StartTime = 450 * minute, EndTime = 451 * minute })!;

        Assert.Equal(["m300", "m301", "m302"], window.Select(e => e.Message));
        Assert.Equal(["m597", "m598", "m599"], last.Select(e => e.Message));
        Assert.Equal(["m0", "m1", "m2"], first.Select(e => e.Message));
        Assert.Equal(["m450", "m451"], filtered.Events.Select(e => e.Message));
    }

    [Fact]
    public void FilterEvents_ManyChunksAndPages_GivesEveryMatchOnceInOrder()
    {
        Given("g", "s");
        for (var batch = 0; batch < 20; batch++)
        {
            // Each batch a chunk, overlapping the one before by half.
            _store.Append([.. Enumerable.Range(0, 50).Select(i => new PendingLogEvent("g", batch % 2 == 0 ? "a" : "b", (batch * 25) + i, $"{batch}-{i}"))]);
        }

        var seen = new List<StoredLogEvent>();
        var after = LogPosition.Start;
        for (var page = 0; page < 100; page++)
        {
            var result = _store.FilterEvents("g", new EventFilter { After = after, Limit = 37, Matches = m => !m.EndsWith("-7", StringComparison.Ordinal) })!;
            seen.AddRange(result.Events);
            if (result.Next is not { } next)
            {
                break;
            }

            after = next;
        }

        Assert.Equal(20 * 49, seen.Count);
        Assert.Equal(seen.Count, seen.Select(e => e.EventId).Distinct().Count());
        Assert.Equal(seen.OrderBy(e => e.Position).Select(e => e.EventId), seen.Select(e => e.EventId));
    }

    [Fact]
    public void SweepExpired_ChunkAcrossTheCutoff_KeepsItsNewerEventsWithTheirIds()
    {
        Given("g", "s");
        var day = LogRetention.MillisecondsPerDay;
        _store.PutEvents("g", "s", [new(Now - (5 * day), "old"), new(Now - 1000, "new"), new(Now - 500, "newer")]);
        _store.ReadEvents("g", "s", 0, long.MaxValue, LogPosition.Start, true, 100, out var before);

        _store.SetRetention("g", 1);
        Assert.Equal(1, _store.SweepExpired());
        _store.SetRetention("g", null);
        _store.ReadEvents("g", "s", 0, long.MaxValue, LogPosition.Start, true, 100, out var after);

        Assert.Equal(before.Skip(1).Select(e => (e.EventId, e.Message)), after.Select(e => (e.EventId, e.Message)));
        Assert.Equal(3 + 5, _store.GetGroup("g")!.StoredBytes);
    }

    [Fact]
    public void Open_StoreWithOneRowPerEvent_MovesItsEventsIntoChunks()
    {
        var path = Path.Combine(_directory, "old", "logs.db");
        ExecuteOn(path, GroupsAndStreamsOfOlderStores + """
            CREATE TABLE log_events (id INTEGER PRIMARY KEY AUTOINCREMENT, group_id INTEGER NOT NULL, stream_id INTEGER NOT NULL,
                timestamp INTEGER NOT NULL, ingestion_time INTEGER NOT NULL, message TEXT NOT NULL);
            INSERT INTO log_groups VALUES (1, 'g', 1, NULL, 6);
            INSERT INTO log_streams VALUES (1, 1, 's', 1, 100, 300, 400), (2, 1, 't', 1, 150, 150, 400);
            INSERT INTO log_events (group_id, stream_id, timestamp, ingestion_time, message)
            VALUES (1, 1, 300, 400, 'c'), (1, 1, 100, 400, 'a'), (1, 2, 150, 400, 't'), (1, 1, 100, 401, 'b');
            """);

        using (var store = new LogStore(path, _time))
        {
            store.ReadEvents("g", "s", 0, long.MaxValue, LogPosition.Start, true, 100, out var events);
            Assert.Equal(["a", "b", "c"], events.Select(e => e.Message));
            Assert.Equal(["a", "b", "t", "c"], store.FilterEvents("g", new EventFilter())!.Events.Select(e => e.Message));
        }

        using var reopened = new LogStore(path, _time);
        Assert.Equal(4, reopened.FilterEvents("g", new EventFilter())!.Events.Count);
    }

    [Fact]
    public void Append_BatchesToSeveralGroups_EachCountsItsOwnBytesAndTimes()
    {
        // The writer's statements are prepared once and bound again for every chunk: each batch must land where it says.
        for (var batch = 0; batch < 3; batch++)
        {
            _store.Append([new PendingLogEvent("a", "s", 100 + batch, "aa"), new PendingLogEvent("b", "t", 200 + batch, "bbbb")]);
            _store.Append([new PendingLogEvent("b", "u", 300 + batch, "b")]);
        }

        Assert.Equal((6L, 12L + 3), (_store.GetGroup("a")!.StoredBytes, _store.GetGroup("b")!.StoredBytes));
        Assert.Equal((100L, 102L), (_store.GetStream("a", "s")!.FirstEventTimestamp!.Value, _store.GetStream("a", "s")!.LastEventTimestamp!.Value));
        Assert.Equal((300L, 302L), (_store.GetStream("b", "u")!.FirstEventTimestamp!.Value, _store.GetStream("b", "u")!.LastEventTimestamp!.Value));
        Assert.Equal(["bbbb", "bbbb", "bbbb", "b", "b", "b"], _store.FilterEvents("b", new EventFilter())!.Events.Select(e => e.Message));
    }

    [Fact]
    public void PutEvents_RepetitiveLines_AreStoredCompressedAndReadBackWhole()
    {
        Given("g", "s");
        var lines = Enumerable.Range(0, 2000).Select(i => $$"""{"requestId":"id-{{i}}","routeKey":"GET /hello","status":"200"}""").ToList();
        _store.PutEvents("g", "s", [.. lines.Select((line, i) => new InputLogEvent(Now - 2000 + i, line))]);

        var (codec, stored, messages) = Single<(long, long, long)>(
            "SELECT codec, length(data), bytes FROM log_chunks;", r => (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2)));
        _store.ReadEvents("g", "s", 0, long.MaxValue, LogPosition.Start, true, 10_000, out var events);

        Assert.Equal(1, codec);
        Assert.True(stored * 4 < messages, $"{stored} bytes stored for {messages} bytes of messages");
        Assert.Equal(lines, events.Select(e => e.Message));
        Assert.Equal(lines.Sum(l => l.Length), _store.GetGroup("g")!.StoredBytes);
    }

    [Fact]
    public void ReadEvents_ChunkThatCannotBeDecompressed_IsSkippedAndTheOthersRead()
    {
        Given("g", "s");
        var repeated = string.Concat(Enumerable.Repeat("compressible ", 20));
        _store.PutEvents("g", "s", [new(Now - 300, repeated + "1")]);
        _store.PutEvents("g", "s", [new(Now - 200, repeated + "2")]);
        Execute("UPDATE log_chunks SET data = x'0501020304' WHERE id = (SELECT min(id) FROM log_chunks);");

        _store.ReadEvents("g", "s", 0, long.MaxValue, LogPosition.Start, true, 100, out var events);

        Assert.Equal([repeated + "2"], events.Select(e => e.Message));
        Assert.Equal([repeated + "2"], _store.FilterEvents("g", new EventFilter())!.Events.Select(e => e.Message));
    }

    [Fact]
    public void SweepExpired_CompressedChunkAcrossTheCutoff_KeepsItsNewerEventsCompressed()
    {
        Given("g", "s");
        var day = LogRetention.MillisecondsPerDay;
        var line = string.Concat(Enumerable.Repeat("a line that repeats ", 10));
        _store.PutEvents("g", "s", [new(Now - (5 * day), "old " + line), .. Enumerable.Range(0, 50).Select(i => new InputLogEvent(Now - 1000 + i, line + i))]);

        _store.SetRetention("g", 1);
        Assert.Equal(1, _store.SweepExpired());
        _store.SetRetention("g", null);
        _store.ReadEvents("g", "s", 0, long.MaxValue, LogPosition.Start, true, 100, out var events);

        Assert.Equal(Enumerable.Range(0, 50).Select(i => line + i), events.Select(e => e.Message));
        Assert.Equal(1, Single("SELECT codec FROM log_chunks;", r => r.GetInt64(0)));
    }

    [Fact]
    public void Open_StoreWithChunksBeforeCompression_ReadsThemAndCompressesNewOnes()
    {
        var path = Path.Combine(_directory, "before", "logs.db");
        var chunk = Assert.Single(LogChunk.Encode([new ChunkInput(100, "first"), new ChunkInput(200, "second")]));
        ExecuteOn(path, GroupsAndStreamsOfOlderStores + """
            CREATE TABLE log_chunks (id INTEGER PRIMARY KEY AUTOINCREMENT, group_id INTEGER NOT NULL, stream_id INTEGER NOT NULL,
                first_ts INTEGER NOT NULL, last_ts INTEGER NOT NULL, first_index INTEGER NOT NULL, count INTEGER NOT NULL,
                bytes INTEGER NOT NULL, ingestion_time INTEGER NOT NULL, data BLOB NOT NULL);
            INSERT INTO log_groups VALUES (1, 'g', 1, NULL, 11);
            INSERT INTO log_streams VALUES (1, 1, 's', 1, 100, 200, 300);
            INSERT INTO log_chunks (group_id, stream_id, first_ts, last_ts, first_index, count, bytes, ingestion_time, data)
            VALUES (1, 1, 100, 200, 0, 2, 11, 300, $data);
            """, ("$data", chunk.Data.ToArray()));

        using var store = new LogStore(path, _time);
        var more = string.Concat(Enumerable.Repeat("third ", 30));
        store.PutEvents("g", "s", [new(300, more)]);

        store.ReadEvents("g", "s", 0, long.MaxValue, LogPosition.Start, true, 100, out var events);
        Assert.Equal(["first", "second", more], events.Select(e => e.Message));
        Assert.Equal("0,1", SingleOn(path, "SELECT group_concat(codec, ',') FROM (SELECT codec FROM log_chunks ORDER BY id);", r => r.GetString(0)));
    }

    /// <summary>The groups and streams tables of the store's earlier layouts, as they were created.</summary>
    private const string GroupsAndStreamsOfOlderStores = """
        CREATE TABLE log_groups (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, creation_time INTEGER NOT NULL, retention_days INTEGER, stored_bytes INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE log_streams (id INTEGER PRIMARY KEY, group_id INTEGER NOT NULL, name TEXT NOT NULL, creation_time INTEGER NOT NULL,
            first_event INTEGER, last_event INTEGER, last_ingestion INTEGER, UNIQUE (group_id, name));

        """;

    private string StorePath => Path.Combine(_directory, "logs", "logs.db");

    private T Single<T>(string sql, Func<Microsoft.Data.Sqlite.SqliteDataReader, T> read) => SingleOn(StorePath, sql, read);

    private void Execute(string sql) => ExecuteOn(StorePath, sql);

    /// <summary>The one row <paramref name="sql"/> reads from the database file at <paramref name="path"/>, behind the store's back.</summary>
    private static T SingleOn<T>(string path, string sql, Func<Microsoft.Data.Sqlite.SqliteDataReader, T> read)
    {
        using var connection = OpenFile(path);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        var value = read(reader);
        Assert.False(reader.Read());
        return value;
    }

    /// <summary>Runs <paramref name="sql"/> on the database file at <paramref name="path"/> (made if missing), behind the store's back.</summary>
    private static void ExecuteOn(string path, string sql, params (string Name, object Value)[] parameters)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var connection = OpenFile(path);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }

    private static Microsoft.Data.Sqlite.SqliteConnection OpenFile(string path)
    {
        var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        return connection;
    }

    private void Given(string group, string stream)
    {
        _store.CreateGroup(group);
        _store.CreateStream(group, stream);
    }
}
